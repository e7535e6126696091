import type { AppContext } from '../composition/app-context.ts';
import type { PlanAction, RecoveryPlan } from '../domain/model/estate.ts';

export interface AuditRow {
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

/** The audit entries whose action starts with `prefix`, oldest first. */
export function auditRows(app: AppContext, prefix: string): AuditRow[] {
  const rows = app.db.prepare('SELECT actor, action, details_json FROM audit_log WHERE action LIKE ? ORDER BY seq').all(`${prefix}%`) as {
    actor: string;
    action: string;
    details_json: string;
  }[];
  return rows.map((row) => ({ actor: row.actor, action: row.action, details: JSON.parse(row.details_json) as Record<string, unknown> }));
}

/** plan-apps with one more script action after its first group: saving it is an audited plan edit. */
export function planWithNewScript(app: AppContext, id = 'notify'): RecoveryPlan {
  const plan = structuredClone(app.estate().plans.find((candidate) => candidate.id === 'plan-apps'));
  if (!plan?.groups[0]) throw new Error('the lab estate has no plan-apps');
  const script: PlanAction = { id, kind: 'script', title: 'Notify', command: 'echo notify', timeoutSeconds: 10 };
  plan.groups[0].after.push(script);
  return plan;
}
