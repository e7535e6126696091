// R6/R7: which recovery point a test or unplanned failover uses — the latest (lowest RPO), the latest processed
// (lowest RTO), the latest application-consistent one, or a custom point of one machine — and R5: a planned
// failover uses none of them (it fails over from the final synchronisation after shutdown, with no data loss).
// A failback's choice has its own meaning (failback-point.ts).
import type { ProtectedItem, RecoveryPoint } from '../model/estate.ts';
import type { Check, CheckSubject, OperationKind, OperationRequest, RecoveryPointChoice } from '../model/operation.ts';
import { check, itemSubject } from './check.ts';
import { latestRecoveryPoint } from './replication.ts';

export const CHOICE_WORDS: Record<RecoveryPointChoice, string> = {
  latest: 'the latest recovery point (lowest RPO)',
  'latest-processed': 'the latest processed recovery point (lowest RTO)',
  'latest-app-consistent': 'the latest application-consistent recovery point',
};

/**
 * The point a machine fails over from under a choice. The lab's replication delivers every point processed, so
 * "latest" and "latest processed" name the same point there (docs/decisions.md).
 */
export function chosenPoint(item: ProtectedItem, request: Pick<OperationRequest, 'recoveryPoint' | 'recoveryPointId'>): RecoveryPoint | null {
  if (request.recoveryPointId) return item.recoveryPoints.find((point) => point.id === request.recoveryPointId) ?? latestRecoveryPoint(item);
  if (request.recoveryPoint === 'latest-app-consistent') {
    let latest: RecoveryPoint | null = null;
    for (const point of item.recoveryPoints) if (point.consistency === 'app' && (!latest || point.time > latest.time)) latest = point;
    return latest;
  }
  return latestRecoveryPoint(item);
}

/** R5/R6: the choice fits the operation, and every moving machine has the point it names. */
export function recoveryPointChoiceChecks(operation: OperationKind, request: OperationRequest, movers: readonly ProtectedItem[], subject: CheckSubject): Check[] {
  const chosen = request.recoveryPointId !== undefined || request.recoveryPoint !== undefined;
  if (!chosen) return [];
  if (request.recoveryPointId !== undefined && request.recoveryPoint !== undefined) {
    return [check('INPUT', 'fail', subject, 'Choose either a kind of recovery point (latest, latest processed, latest app-consistent) or one custom point, not both.')];
  }
  if (operation === 'planned-failover') {
    return [check('R5', 'fail', subject, 'A planned failover always fails over from the final synchronisation after the sources shut down (no data loss): it uses no chosen recovery point. Remove the choice, or run an unplanned failover to use one.')];
  }
  if (operation !== 'test-failover' && operation !== 'unplanned-failover') return [];
  if (request.recoveryPoint !== 'latest-app-consistent') return [];
  const rule = operation === 'test-failover' ? 'R2' : 'R6';
  return movers
    .filter((item) => !chosenPoint(item, request))
    .map((item) => check(rule, 'fail', itemSubject(item), `${item.name} has no application-consistent recovery point yet: choose the latest or latest processed point, or wait for one.`));
}
