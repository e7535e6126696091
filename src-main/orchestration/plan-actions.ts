// Which plan actions run in an operation, and what a script is told about it (docs/decisions.md, "Plan actions say
// which operations they run in"). A test failover
// has no impact on production (R10): a script written for a real failover ("repoint production DNS") must
// not fire during a rehearsal, so scripts run in a test failover only when their runOn says so.
import type { ActionDirection, PlanAction, RecoveryPlan } from '../domain/model/estate.ts';
import type { OperationKind, OperationRequest } from '../domain/model/operation.ts';
import { defaultRunOn } from '../domain/model/run-on.ts';
import { actionRunsOn, groupsWithActionsFor, planDirectionFrom } from '../domain/plans/action-scope.ts';
import { directionOf, type ResolvedScope } from './scope.ts';

export { actionRunsOn, defaultRunOn };

/** Which way the plan's machines go: away from the plan's source site, or back to it. */
export function planDirection(scope: ResolvedScope): ActionDirection | undefined {
  return scope.plan ? planDirectionFrom(scope.plan, scope.items[0]?.activeSiteId) : undefined;
}

/** The scope with only the actions that run in `operation`, in the direction the machines go (plans/action-scope.ts). */
export function actionsFor(scope: ResolvedScope, operation: OperationKind): ResolvedScope {
  return { ...scope, groups: groupsWithActionsFor(scope.groups, operation, planDirection(scope)) };
}

export interface ScriptToRun {
  groupName: string;
  position: 'before' | 'after';
  title: string;
  command: string;
}

/** The script commands an operation will run, in order, for the operator's confirmation. */
export function scriptsToRun(scope: ResolvedScope, operation: OperationKind): ScriptToRun[] {
  return actionsFor(scope, operation).groups.flatMap((group) =>
    (['before', 'after'] as const).flatMap((position) =>
      group[position].flatMap((action) => (action.kind === 'script' ? [{ groupName: group.name, position, title: action.title, command: action.command }] : [])),
    ),
  );
}

/** What a script sees of its job: the operation, the direction and the plan (no secrets). */
export function scriptEnvironment(scope: ResolvedScope, request: OperationRequest): Record<string, string> {
  const first = scope.items[0];
  const direction = first ? directionOf(first, request) : { fromSiteId: scope.plan?.sourceSiteId ?? '', toSiteId: scope.plan?.targetSiteId ?? '' };
  return {
    FAILOVER_CONSOLE_OPERATION: request.operation,
    FAILOVER_CONSOLE_SOURCE_SITE_ID: direction.fromSiteId,
    FAILOVER_CONSOLE_TARGET_SITE_ID: direction.toSiteId,
    FAILOVER_CONSOLE_PLAN_ID: scope.plan?.id ?? '',
  };
}

export interface ScriptChange {
  planId: string;
  groupId: string;
  actionId: string;
  change: 'added' | 'edited';
  command: string;
  runOn: readonly OperationKind[];
}

/** Script actions a plan edit adds, or whose command or runOn it changes: audited, as they run on this host. */
export function scriptChanges(before: RecoveryPlan | undefined, after: RecoveryPlan): ScriptChange[] {
  const previous = new Map<string, PlanAction>();
  for (const group of before?.groups ?? []) for (const action of [...group.before, ...group.after]) previous.set(action.id, action);
  return after.groups.flatMap((group) =>
    [...group.before, ...group.after].flatMap((action): ScriptChange[] => {
      if (action.kind !== 'script') return [];
      const old = previous.get(action.id);
      const runOn = action.runOn ?? defaultRunOn(action);
      const base = { planId: after.id, groupId: group.id, actionId: action.id, command: action.command, runOn };
      if (!old || old.kind !== 'script') return [{ ...base, change: 'added' }];
      if (old.command !== action.command || JSON.stringify(old.runOn ?? defaultRunOn(old)) !== JSON.stringify(runOn)) return [{ ...base, change: 'edited' }];
      return [];
    }),
  );
}
