// R2 (and the recovery-point half of R6): a machine can fail over only from data that has arrived.
import type { ProtectedItem } from '../model/estate.ts';
import type { Check, OperationKind } from '../model/operation.ts';
import { age, check, itemSubject } from './check.ts';

export function latestRecoveryPoint(item: ProtectedItem): ProtectedItem['recoveryPoints'][number] | null {
  let latest: ProtectedItem['recoveryPoints'][number] | null = null;
  for (const point of item.recoveryPoints) if (!latest || point.time > latest.time) latest = point;
  return latest;
}

/** Checks for test, planned and unplanned failover of one member (failback from Azure has no replica yet). */
export function replicationChecks(item: ProtectedItem, operation: OperationKind, now: Date): Check[] {
  const subject = itemSubject(item);
  const checks: Check[] = [];
  const { state, initialProgress } = item.replication;
  if (item.failoverState === 'commit-pending') {
    checks.push(check('R7', 'fail', subject, `${item.name} is commit pending from a previous failover: commit it (or change its recovery point and commit) before another failover.`));
  }
  if (state === 'not-protected') {
    // R8/R9: after a failover that left it unprotected, it must be reverse-replicated before failing over again.
    checks.push(check('R9', 'fail', subject, `${item.name} is not replicating since its last failover: run reverse replication first, then fail it over.`));
    return checks;
  }
  if (operation === 'planned-failover') {
    checks.push(
      state === 'initial-replication'
        ? check('R2', 'fail', subject, `${item.name} is still in initial replication (${initialProgress}% done): wait until it completes, or remove it from the plan, before a planned failover.`)
        : check('R2', 'pass', subject, `${item.name} has completed initial replication.`),
    );
    return checks;
  }
  const latest = latestRecoveryPoint(item);
  const rule = operation === 'test-failover' ? 'R2' : 'R6';
  if (!latest) {
    const why = state === 'initial-replication' ? ` (initial replication is ${initialProgress}% done)` : '';
    checks.push(check(rule, 'fail', subject, `${item.name} has no recovery point yet${why}: wait for the first recovery point, or leave it out.`));
  } else {
    checks.push(check(rule, 'pass', subject, `${item.name} has a recovery point from ${age(now.getTime() - Date.parse(latest.time))} ago (${latest.consistency}-consistent).`));
  }
  return checks;
}
