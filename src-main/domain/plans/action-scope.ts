// Which plan actions an operation meets, as recovery plans scope them by failover type and direction (like Site
// Recovery's failoverTypes / failoverDirections). Pure: the job engine picks a job's actions with it, and the plan
// view shows the operator, with the same function, which actions a chosen operation and direction will meet.
import type { ActionDirection, PlanAction, RecoveryPlan } from '../model/estate.ts';
import type { OperationKind } from '../model/operation.ts';
import { defaultRunOn } from '../model/run-on.ts';

export function actionRunsOn(action: PlanAction, operation: OperationKind, direction?: ActionDirection): boolean {
  if (!(action.runOn ?? defaultRunOn(action)).includes(operation)) return false;
  return direction === undefined || action.directions === undefined || action.directions.includes(direction);
}

/** Which way a plan's machines go: away from the plan's source site, or back to it (where its members run now). */
export function planDirectionFrom(plan: Pick<RecoveryPlan, 'sourceSiteId'>, firstMemberActiveSiteId: string | undefined): ActionDirection | undefined {
  if (firstMemberActiveSiteId === undefined) return undefined;
  return firstMemberActiveSiteId === plan.sourceSiteId ? 'primary-to-recovery' : 'recovery-to-primary';
}

interface WithActions {
  before: PlanAction[];
  after: PlanAction[];
}

/** The groups with only the actions that run in `operation`, in `direction` (undefined: either way). */
export function groupsWithActionsFor<G extends WithActions>(groups: readonly G[], operation: OperationKind, direction?: ActionDirection): G[] {
  const keep = (actions: readonly PlanAction[]) => actions.filter((action) => actionRunsOn(action, operation, direction));
  return groups.map((group) => ({ ...group, before: keep(group.before), after: keep(group.after) }));
}

/** The ids of the plan's actions an operation meets, in order (what the plan view marks). */
export function actionIdsMet(plan: Pick<RecoveryPlan, 'groups'>, operation: OperationKind, direction?: ActionDirection): string[] {
  return groupsWithActionsFor(plan.groups, operation, direction).flatMap((group) => [...group.before, ...group.after].map((action) => action.id));
}
