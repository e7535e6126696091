// R8: protection after a failover; R9: reverse replication once the other site is back — delta after a
// planned failover, a full transfer (the cloud's initial replication method) after an unplanned one.
// `reverseReplicationVerdict` is the one decision: pre-flight turns it into checks, the orchestrator's
// builder keeps exactly the members it lets go, so the two can never disagree.
import type { Estate, ProtectedItem, ReplicationState, Site, SiteKind } from '../model/estate.ts';
import type { Check, CheckSubject, OperationKind } from '../model/operation.ts';
import { check, itemSubject } from './check.ts';
import { otherSide } from './direction.ts';
import { findSite } from './lookup.ts';
import { directionKey } from './support-matrix.ts';

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

/**
 * What reverse replication does with one machine: `go` (with the R9 mode), `skip` (nothing to reverse: a plan
 * leaves it out, an item is refused) or `refuse` (the operator must act first).
 */
export type ReverseVerdict =
  | { status: 'go'; mode: 'delta' | 'full'; check: Check }
  | { status: 'skip'; check: Check }
  | { status: 'refuse'; check: Check };

export function reverseReplicationVerdict(estate: Estate, item: ProtectedItem): ReverseVerdict {
  const subject = itemSubject(item);
  if (item.failoverState === 'commit-pending') {
    return { status: 'refuse', check: check('R8', 'fail', subject, `${item.name} is commit pending: commit the failover first; reverse replication starts only after a committed failover.`) };
  }
  if (item.failoverState !== 'committed') {
    return { status: 'skip', check: check('R8', 'warn', subject, `${item.name} has not failed over (it is ${item.replication.state} from ${findSite(estate, item.activeSiteId).name}): there is nothing to reverse.`) };
  }
  const active = findSite(estate, item.activeSiteId);
  const home = findSite(estate, item.primarySiteId);
  if (active.kind === 'azure' && home.kind !== 'azure') {
    if (!directionKey(active, home)) {
      return {
        status: 'refuse',
        check: check('R8', 'fail', subject, `${item.name} runs in ${active.name} after its failover there: it is not reverse-replicated from Azure, and Site Recovery offers no failback from Azure to ${home.name} (R1); Azure keeps it resilient where it runs.`),
      };
    }
    // R8: in Azure the machine is kept resilient by Azure storage; it is protected again by failing back to its
    // site and reverse-replicating from there ("Failback from Azure"), never by replicating Azure to itself.
    return {
      status: 'refuse',
      check: check('R8', 'fail', subject, `${item.name} runs in ${active.name} after its failover there: it is not reverse-replicated from Azure (Azure keeps it resilient meanwhile). Fail it back to ${home.name}, commit, then reverse-replicate to protect it again.`),
    };
  }
  // A planned failover keeps protection (R8), yet the reference reverse-replicates after it by delta (R9, R17):
  // only a machine that is protected for another reason has nothing to reverse.
  const plannedBefore = item.lastFailover?.type === 'planned';
  if (item.replication.state !== 'not-protected' && !(plannedBefore && item.replication.state === 'protected')) {
    return { status: 'skip', check: check('R8', 'warn', subject, `${item.name} is already ${item.replication.state}: it needs no reverse replication.`) };
  }
  const other = findSite(estate, otherSide(item));
  if (!other.reachable) {
    return { status: 'refuse', check: check('R9', 'fail', subject, `${other.name} is not reachable: reverse replication of ${item.name} can start only when that site is available again.`) };
  }
  if (plannedBefore) {
    return { status: 'go', mode: 'delta', check: check('R9', 'pass', subject, `${item.name} replicates from ${active.name} to ${other.name} by delta synchronisation (its last failover was planned).`) };
  }
  const method = METHOD_WORDS[item.replication.initialMethod];
  const why = item.lastFailover ? 'its last failover was unplanned' : 'its last failover is not recorded';
  return {
    status: 'go',
    mode: 'full',
    check: check('R9', 'warn', subject, `${item.name} replicates from ${active.name} to ${other.name} in full (initial replication method: ${method}) because ${why}; expect the transfer overhead of ${item.diskGb} GB.`),
  };
}

/**
 * R8/R9 as checks. For one item, nothing to reverse is a refusal; for a plan, such members are left out with a
 * warning and the plan is refused only when no member has anything to reverse.
 */
export function reverseReplicationChecks(estate: Estate, items: readonly ProtectedItem[], plan: CheckSubject | null): Check[] {
  const verdicts = items.map((item) => reverseReplicationVerdict(estate, item));
  const checks = verdicts.map((verdict) => (verdict.status === 'skip' && !plan ? { ...verdict.check, status: 'fail' as const } : verdict.check));
  if (plan && !verdicts.some((verdict) => verdict.status === 'go') && !verdicts.some((verdict) => verdict.status === 'refuse')) {
    checks.push(check('R8', 'fail', plan, `No member of ${plan.name} has a committed failover to reverse: reverse replication follows a failover and its commit.`));
  }
  return checks;
}

/** The members reverse replication runs for (the same verdict pre-flight shows). */
export function reverseReplicationMembers(estate: Estate, items: readonly ProtectedItem[]): ProtectedItem[] {
  return items.filter((item) => reverseReplicationVerdict(estate, item).status === 'go');
}

/** R8: protection state after failover. To Azure → not protected; unplanned to a secondary site → not
 * protected; planned to a secondary site → protected. A failback lands unprotected until reverse replication. */
export function protectionAfterFailover(type: 'planned' | 'unplanned' | 'failback', targetKind: SiteKind): ReplicationState {
  if (targetKind === 'azure') return 'not-protected';
  if (type === 'planned') return 'protected';
  return 'not-protected';
}
