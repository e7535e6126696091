// Which members an operation runs for, and in which direction: decided once, here, for pre-flight (which turns
// it into checks) and for the orchestrator (which builds steps only for these members), so that an operation
// pre-flight allows is the one the engine runs, member for member.
import type { Estate, ProtectedItem } from '../model/estate.ts';
import type { OperationRequest } from '../model/operation.ts';
import { commitMembers } from './commit.ts';
import { build, directionChecks, resolveDirectionFor, type DirectionOutcome } from './direction.ts';
import { names } from './check.ts';
import { findSite, resolveScope, type Scope } from './lookup.ts';
import { reverseReplicationMembers } from './protection.ts';
import { resynchronizeMembers } from './resynchronize.ts';

/** A machine's home site: where it runs when no failover is in force (failover and reverse replication keep it). */
export function homeSiteId(item: ProtectedItem): string {
  return item.primarySiteId;
}

/** Away from home: a failback (R15, R17) brings it back. */
export function isAway(item: ProtectedItem): boolean {
  return item.activeSiteId !== homeSiteId(item);
}

/**
 * R3 and R17: a failback goes from where the members away from home run to their home site, whichever
 * members already run at home (they are left out). A failover goes from where the members run (R3).
 */
export function operationDirection(estate: Estate, scope: Scope, request: OperationRequest): DirectionOutcome {
  if (request.operation !== 'failback' || request.direction) return resolveDirectionFor(estate, scope, request.direction);
  const away = scope.items.filter(isAway);
  if (away.length === 0) return resolveDirectionFor(estate, scope, undefined);
  const sources = [...new Set(away.map((item) => item.activeSiteId))];
  const homes = [...new Set(away.map(homeSiteId))];
  const activeSiteIds = [...new Set(scope.items.map((item) => item.activeSiteId))];
  if (sources.length > 1 || homes.length > 1) {
    const at = sources.map((siteId) => findSite(estate, siteId).name);
    return { direction: null, activeSiteIds, problem: `Members run away from home at ${names(at)}: choose the direction of the failback (Change Direction).` };
  }
  return { direction: build(estate, sources[0]!, homes[0]!, activeSiteIds.length > 1, false), activeSiteIds, problem: null };
}

const FAILOVERS = new Set(['test-failover', 'planned-failover', 'unplanned-failover', 'failback']);

/**
 * The members the operation runs for: the members running at the source of a failover or failback, the commit
 * pending ones of a commit (R7), the ones with something to reverse (R8, R9). Null when the direction is not
 * settled (pre-flight refuses that with R3).
 */
export function participants(estate: Estate, request: OperationRequest): ProtectedItem[] | null {
  const scope = resolveScope(estate, request.scope);
  if (request.operation === 'commit') return commitMembers(scope.items);
  if (request.operation === 'reverse-replication') return reverseReplicationMembers(estate, scope.items);
  if (request.operation === 'resynchronize') return resynchronizeMembers(scope.items);
  if (!FAILOVERS.has(request.operation)) return scope.items;
  const outcome = operationDirection(estate, scope, request);
  return outcome.direction ? directionChecks(estate, scope, outcome).movers : null;
}
