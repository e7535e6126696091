// R8: protection after a failover; R9: reverse replication once the other site is back — delta after a
// planned failover, a full transfer (the cloud's initial replication method) after an unplanned one.
import type { Estate, ProtectedItem, Site } from '../model/estate.ts';
import type { Check, OperationKind } from '../model/operation.ts';
import { check, itemSubject } from './check.ts';
import { otherSide } from './direction.ts';
import { findSite } from './lookup.ts';

/** R8: whether machines are protected once this failover is done. */
export function protectionAfter(operation: OperationKind, target: Site): 'protected' | 'not-protected' {
  if (target.kind === 'azure') return 'not-protected';
  return operation === 'planned-failover' ? 'protected' : 'not-protected';
}

export function protectionAfterCheck(operation: OperationKind, target: Site, subject: Check['subject']): Check {
  const after = protectionAfter(operation, target);
  const message =
    target.kind === 'azure'
      ? `After failover to ${target.name} the machines are not protected or replicating (Azure storage keeps them resilient); fail back and reverse-replicate to protect them again.`
      : after === 'protected'
        ? `After a planned failover to ${target.name} the machines stay protected.`
        : `After an unplanned failover to ${target.name} the machines are not protected: commit, then reverse-replicate once the other site is back.`;
  return check('R8', after === 'protected' ? 'pass' : 'warn', subject, message);
}

const METHOD_WORDS = { 'over-network': 'over the network', offline: 'by offline transfer' } as const;

export function reverseReplicationChecks(estate: Estate, items: readonly ProtectedItem[]): Check[] {
  const checks: Check[] = [];
  for (const item of items) {
    const subject = itemSubject(item);
    if (item.failoverState !== 'committed') {
      const why = item.failoverState === 'commit-pending' ? 'is commit pending: commit the failover first' : 'has not failed over: there is nothing to reverse';
      checks.push(check('R8', 'fail', subject, `${item.name} ${why}; reverse replication starts only after a committed failover.`));
      continue;
    }
    // A planned failover keeps protection (R8), yet the reference reverse-replicates after it by delta (R9, R17):
    // only a machine that is protected for another reason has nothing to reverse.
    const plannedBefore = item.lastFailover?.type === 'planned' && item.replication.state === 'protected';
    if (item.replication.state !== 'not-protected' && !plannedBefore) {
      checks.push(check('R8', 'fail', subject, `${item.name} is already ${item.replication.state}: it needs no reverse replication.`));
      continue;
    }
    const other = findSite(estate, otherSide(item));
    if (!other.reachable) {
      checks.push(check('R9', 'fail', subject, `${other.name} is not reachable: reverse replication of ${item.name} can start only when that site is available again.`));
      continue;
    }
    const last = item.lastFailover;
    if (last?.type === 'planned') {
      checks.push(check('R9', 'pass', subject, `${item.name} replicates back to ${other.name} by delta synchronisation (its last failover was planned).`));
    } else {
      const method = METHOD_WORDS[item.replication.initialMethod];
      const why = last ? 'its last failover was unplanned' : 'its last failover is not recorded';
      checks.push(check('R9', 'warn', subject, `${item.name} replicates back to ${other.name} in full (initial replication method: ${method}) because ${why}; expect the transfer overhead of ${item.diskGb} GB.`));
    }
  }
  return checks;
}
