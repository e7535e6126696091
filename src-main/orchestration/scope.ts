// Resolves an operation's scope (a plan or one item) into ordered groups of items with their actions,
// and each item's direction: from where it is active to the other side, unless the operator chose (R3).
import { AppError } from '../contract/errors.ts';
import type { Estate, PlanAction, ProtectedItem, RecoveryPlan } from '../domain/model/estate.ts';
import type { OperationRequest } from '../domain/model/operation.ts';
import { otherSide } from '../domain/rules/direction.ts';
import { resolveScope as resolveMembers } from '../domain/rules/lookup.ts';
import { participants } from '../domain/rules/participants.ts';

export interface ScopeGroup {
  id: string;
  name: string;
  items: ProtectedItem[];
  before: PlanAction[];
  after: PlanAction[];
}

export interface ResolvedScope {
  plan: RecoveryPlan | null;
  name: string;
  groups: ScopeGroup[];
  items: ProtectedItem[];
}

export interface Direction {
  fromSiteId: string;
  toSiteId: string;
}

/** The rules' scope (one lookup, one NOT_FOUND wording) arranged in the plan's groups with their actions. */
export function resolveScope(estate: Estate, request: OperationRequest): ResolvedScope {
  const { plan, items } = resolveMembers(estate, request.scope);
  if (!plan) {
    const item = items[0]!;
    return { plan: null, name: item.name, groups: [{ id: 'item', name: item.name, items, before: [], after: [] }], items };
  }
  const byId = new Map(items.map((item) => [item.id, item]));
  const groups = plan.groups.map((group) => ({
    id: group.id,
    name: group.name,
    items: group.members.map((memberId) => byId.get(memberId)!),
    before: group.before,
    after: group.after,
  }));
  return { plan, name: plan.name, groups, items };
}

/** From the active site to the other side of the replication pair, or as the operator chose (R3). */
export function directionOf(item: ProtectedItem, request: OperationRequest): Direction {
  if (request.direction) return { fromSiteId: request.direction.sourceSiteId, toSiteId: request.direction.targetSiteId };
  return { fromSiteId: item.activeSiteId, toSiteId: otherSide(item) };
}

/** Items the direction does not fit, for a clear refusal rather than a fabric error halfway. */
export function requireState(items: readonly ProtectedItem[], ok: (item: ProtectedItem) => boolean, message: (names: string) => string): void {
  const bad = items.filter((item) => !ok(item));
  if (bad.length > 0) {
    throw new AppError('OPERATION_NOT_ALLOWED', message(bad.map((item) => item.name).join(', ')), { itemIds: bad.map((item) => item.id) });
  }
}

/**
 * The scope narrowed to the members the operation runs for, by the rules' own `participants` (the decision
 * pre-flight judged): members already on the target of a failover (R3) or at home for a failback (R17) are left
 * out rather than shut down, a plan's commit takes its commit-pending members (R7), reverse replication the
 * members with a committed failover to reverse (R8, R9).
 */
export function participatingScope(estate: Estate, scope: ResolvedScope, request: OperationRequest): ResolvedScope {
  const chosen = participants(estate, request);
  if (!chosen) return scope;
  const ids = new Set(chosen.map((item) => item.id));
  const groups = scope.groups.map((group) => ({ ...group, items: group.items.filter((item) => ids.has(item.id)) }));
  const items = groups.flatMap((group) => group.items);
  if (items.length === 0) throw new AppError('OPERATION_NOT_ALLOWED', `No machine of ${scope.name} can take part in this ${request.operation}: run pre-flight to see why.`);
  return { ...scope, groups, items };
}

/** A recovery point belongs to one machine: naming one for a whole plan is a mistake, not a hint. */
export function requireSingleItemForPoint(request: OperationRequest): void {
  if (request.recoveryPointId && !('itemId' in request.scope)) {
    throw new AppError('INVALID_INPUT', 'A recovery point belongs to one machine: choose the item (--item) to use a specific recovery point.');
  }
}
