// Small constructors so every rule builds its verdicts the same way.
import type { Check, CheckRuleId, CheckStatus, CheckSubject } from '../model/operation.ts';
import type { ProtectedItem, RecoveryPlan, Site } from '../model/estate.ts';

export function check(ruleId: CheckRuleId, status: CheckStatus, subject: CheckSubject, message: string): Check {
  return { ruleId, status, subject, message };
}

export function itemSubject(item: ProtectedItem): CheckSubject {
  return { kind: 'item', id: item.id, name: item.name };
}

export function planSubject(plan: RecoveryPlan): CheckSubject {
  return { kind: 'plan', id: plan.id, name: plan.name };
}

export function siteSubject(site: Site): CheckSubject {
  return { kind: 'site', id: site.id, name: site.name };
}

/** "DC01, SQL01 and WEB01": lists read as a sentence. */
export function names(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} and ${values[values.length - 1] ?? ''}`;
}

export const DAY_MS = 86_400_000;

/** "3 minutes", "2 hours", "45 days": ages an operator reads at a glance. */
export function age(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}
