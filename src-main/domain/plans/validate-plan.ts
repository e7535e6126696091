// The plan editor's rules: a recovery plan the orchestrator can walk. The renderer never checks these
// itself; it sends the whole draft and shows the problems the engine returns.
import { RecoveryPlan, type Estate } from '../model/estate.ts';

export interface PlanProblem {
  /** Where the problem is: "plan", a group id, or an action id. */
  path: string;
  message: string;
}

/** Every reason the plan cannot be saved as it stands; an empty list means it can. */
export function planProblems(estate: Estate, draft: unknown, options: { creating: boolean }): PlanProblem[] {
  const parsed = RecoveryPlan.safeParse(draft);
  if (!parsed.success) {
    return parsed.error.issues.map((problem) => ({ path: problem.path.join('.') || 'plan', message: problem.message }));
  }
  const plan = parsed.data;
  const problems: PlanProblem[] = [];
  const existing = estate.plans.find((candidate) => candidate.id === plan.id);
  if (options.creating && existing) problems.push({ path: 'plan', message: `A plan with the id "${plan.id}" already exists.` });
  if (!options.creating && !existing) problems.push({ path: 'plan', message: `There is no recovery plan "${plan.id}" to update.` });
  const clash = estate.plans.find((candidate) => candidate.id !== plan.id && candidate.name.toLowerCase() === plan.name.toLowerCase());
  if (clash) problems.push({ path: 'plan', message: `The plan "${clash.name}" already has this name; an operator types the name to confirm, so names must differ.` });

  const source = estate.sites.find((site) => site.id === plan.sourceSiteId);
  const target = estate.sites.find((site) => site.id === plan.targetSiteId);
  if (!source) problems.push({ path: 'plan', message: `There is no source site "${plan.sourceSiteId}".` });
  if (!target) problems.push({ path: 'plan', message: `There is no target site "${plan.targetSiteId}".` });
  const planSites = new Set([plan.sourceSiteId, plan.targetSiteId]);

  const groupIds = new Set<string>();
  const actionIds = new Set<string>();
  const groupOfMember = new Map<string, string>();
  for (const group of plan.groups) {
    if (groupIds.has(group.id)) problems.push({ path: group.id, message: `Two groups have the id "${group.id}".` });
    groupIds.add(group.id);
    for (const memberId of group.members) {
      const item = estate.items.find((candidate) => candidate.id === memberId);
      if (!item) {
        problems.push({ path: group.id, message: `${group.name}: there is no protected item "${memberId}".` });
        continue;
      }
      const first = groupOfMember.get(memberId);
      // The orchestrator fails a machine over once, in its group's turn.
      if (first !== undefined) problems.push({ path: group.id, message: `${item.name} is already in ${first}: a machine belongs to one group only.` });
      else groupOfMember.set(memberId, group.name);
      const itemSites = new Set([item.primarySiteId, item.recoverySiteId]);
      if (source && target && (itemSites.size !== planSites.size || [...itemSites].some((site) => !planSites.has(site)))) {
        problems.push({ path: group.id, message: `${item.name} replicates between ${item.primarySiteId} and ${item.recoverySiteId}, not between this plan's sites (${source.name} and ${target.name}).` });
      }
    }
    for (const action of [...group.before, ...group.after]) {
      // Jobs name steps by action id: two actions with one id would share a step.
      if (actionIds.has(action.id)) problems.push({ path: action.id, message: `Two actions have the id "${action.id}".` });
      actionIds.add(action.id);
    }
  }
  return problems;
}

/** A plan id from its name ("Contoso Core" → "plan-contoso-core"), unique in the estate. */
export function planIdFor(estate: Estate, name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'plan';
  const base = slug.startsWith('plan-') ? slug : `plan-${slug}`;
  let candidate = base;
  for (let n = 2; estate.plans.some((plan) => plan.id === candidate); n += 1) candidate = `${base}-${n}`;
  return candidate;
}
