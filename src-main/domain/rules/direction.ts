// R3: the direction of a failover is from where the members run now to the other side. When members run on
// both sides it is ambiguous and the operator must choose it (Change Direction); otherwise it is information.
import type { Estate, ProtectedItem } from '../model/estate.ts';
import type { Check, OperationScope } from '../model/operation.ts';
import { check, itemSubject, names } from './check.ts';
import { findSite, resolveScope, type Scope } from './lookup.ts';
import { directionKey, type DirectionKey } from './support-matrix.ts';

export interface ResolvedDirection {
  sourceSiteId: string;
  targetSiteId: string;
  sourceSiteName: string;
  targetSiteName: string;
  /** The R1 matrix row, or null when the reference knows no such direction. */
  key: DirectionKey | null;
  /** Members run on both sides; `chosen` tells whether the operator picked this direction. */
  ambiguous: boolean;
  chosen: boolean;
}

export interface DirectionOutcome {
  direction: ResolvedDirection | null;
  /** The sites where members run now. */
  activeSiteIds: string[];
  /** Why no direction could be settled (ambiguous and not chosen, or a choice that does not fit). */
  problem: string | null;
}

/** The other side of an item's protection pair (its own site for cloud-to-cloud protection). */
export function otherSide(item: ProtectedItem): string {
  return item.activeSiteId === item.primarySiteId ? item.recoverySiteId : item.primarySiteId;
}

export function build(estate: Estate, sourceSiteId: string, targetSiteId: string, ambiguous: boolean, chosen: boolean): ResolvedDirection {
  const source = findSite(estate, sourceSiteId);
  const target = findSite(estate, targetSiteId);
  return {
    sourceSiteId,
    targetSiteId,
    sourceSiteName: source.name,
    targetSiteName: target.name,
    key: directionKey(source, target),
    ambiguous,
    chosen,
  };
}

type Requested = { sourceSiteId: string; targetSiteId: string } | undefined;

export function resolveDirectionFor(estate: Estate, scope: Scope, requested: Requested): DirectionOutcome {
  if (requested) {
    findSite(estate, requested.sourceSiteId);
    findSite(estate, requested.targetSiteId);
  }
  const activeSiteIds = [...new Set(scope.items.map((item) => item.activeSiteId))];
  const pair = scope.plan
    ? [scope.plan.sourceSiteId, scope.plan.targetSiteId]
    : scope.items[0]
      ? [scope.items[0].primarySiteId, scope.items[0].recoverySiteId]
      : [];
  const fits = (r: NonNullable<Requested>): boolean => pair.includes(r.sourceSiteId) && pair.includes(r.targetSiteId);

  if (activeSiteIds.length > 1) {
    if (!requested) {
      const sites = activeSiteIds.map((siteId) => findSite(estate, siteId).name);
      return { direction: null, activeSiteIds, problem: `Members run at both ${names(sites)}: choose the direction of the failover (Change Direction).` };
    }
    if (!fits(requested) || requested.sourceSiteId === requested.targetSiteId) {
      return { direction: null, activeSiteIds, problem: `The chosen direction ${requested.sourceSiteId} → ${requested.targetSiteId} does not join this plan's sites ${names(pair)}: choose one of them as the source.` };
    }
    return { direction: build(estate, requested.sourceSiteId, requested.targetSiteId, true, true), activeSiteIds, problem: null };
  }

  const first = scope.items[0];
  const sourceSiteId = activeSiteIds[0] ?? scope.plan?.sourceSiteId ?? '';
  let targetSiteId: string;
  if (scope.plan) {
    targetSiteId = sourceSiteId === scope.plan.sourceSiteId ? scope.plan.targetSiteId : scope.plan.sourceSiteId;
  } else {
    targetSiteId = first ? otherSide(first) : sourceSiteId;
  }
  const derived = build(estate, sourceSiteId, targetSiteId, false, false);
  if (requested && (requested.sourceSiteId !== sourceSiteId || requested.targetSiteId !== targetSiteId)) {
    return {
      direction: null,
      activeSiteIds,
      problem: `The members run at ${derived.sourceSiteName}, so the failover goes ${derived.sourceSiteName} → ${derived.targetSiteName}; remove the chosen direction or pick that one.`,
    };
  }
  return { direction: derived, activeSiteIds, problem: null };
}

/** R3: the direction of an operation on a plan or an item (exported for the wizards, CLI and orchestrator). */
export function resolveDirection(estate: Estate, scope: OperationScope, requested?: Requested): DirectionOutcome {
  return resolveDirectionFor(estate, resolveScope(estate, scope), requested);
}

/** R3 as checks, plus the members that actually move (those running at the source). */
export function directionChecks(estate: Estate, scope: Scope, outcome: DirectionOutcome): { checks: Check[]; movers: ProtectedItem[] } {
  const { direction } = outcome;
  if (!direction) {
    return { checks: [check('R3', 'fail', scope.subject, outcome.problem ?? 'The direction of the failover cannot be settled: choose it.')], movers: [] };
  }
  const checks: Check[] = [
    check(
      'R3',
      'pass',
      scope.subject,
      direction.chosen
        ? `Members run on both sides; the failover goes ${direction.sourceSiteName} → ${direction.targetSiteName} as chosen.`
        : direction.ambiguous
          ? `The failback goes ${direction.sourceSiteName} → ${direction.targetSiteName}: the members away from their home site run at ${direction.sourceSiteName}.`
          : `The failover goes ${direction.sourceSiteName} → ${direction.targetSiteName} (for information; every member runs at ${direction.sourceSiteName}).`,
    ),
  ];
  const movers: ProtectedItem[] = [];
  for (const item of scope.items) {
    if (item.activeSiteId === direction.sourceSiteId) movers.push(item);
    else {
      const at = findSite(estate, item.activeSiteId).name;
      checks.push(check('R3', 'warn', itemSubject(item), `${item.name} already runs at ${at}; it is left out of this failover.`));
    }
  }
  return { checks, movers };
}
