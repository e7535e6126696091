// R7: after a failover the items are commit pending; before commit the operator may change the recovery
// point (latest by default); commit removes the other recovery points.
import { AppError } from '../../contract/errors.ts';
import type { ProtectedItem } from '../model/estate.ts';
import type { Check, CheckSubject } from '../model/operation.ts';
import { check, itemSubject } from './check.ts';
import { latestRecoveryPoint } from './replication.ts';

const STATE_WORDS = { none: 'has not failed over', 'commit-pending': 'is commit pending', committed: 'is already committed' } as const;

/**
 * R7: only a machine in commit pending can be committed. For one item anything else is a refusal; for a whole
 * plan the pending members are committed and the others are reported with their reason (failed over partly,
 * already committed), and the plan is refused only when no member is commit pending.
 */
export function commitChecks(items: readonly ProtectedItem[], plan: CheckSubject | null = null): Check[] {
  const checks = items.map((item) =>
    item.failoverState === 'commit-pending'
      ? check('R7', 'pass', itemSubject(item), `${item.name} is commit pending; commit makes its failover final and removes its other recovery points.`)
      : check('R7', plan ? 'warn' : 'fail', itemSubject(item), `${item.name} ${STATE_WORDS[item.failoverState]}: there is nothing to commit${plan ? '; it is left out' : '; only a machine in commit pending can be committed'}.`),
  );
  if (plan && !items.some((item) => item.failoverState === 'commit-pending')) {
    checks.push(check('R7', 'fail', plan, `No member of ${plan.name} is commit pending: there is nothing to commit; only a machine in commit pending can be committed.`));
  }
  return checks;
}

/** The members a commit runs for (the rule pre-flight reports). */
export function commitMembers(items: readonly ProtectedItem[]): ProtectedItem[] {
  return items.filter((item) => item.failoverState === 'commit-pending');
}

/** The member a chosen recovery point belongs to; a point no member has is a NOT_FOUND naming it. */
export function ownerOfRecoveryPoint(items: readonly ProtectedItem[], recoveryPointId: string): ProtectedItem {
  const owner = items.find((item) => item.recoveryPoints.some((point) => point.id === recoveryPointId));
  if (!owner) throw new AppError('NOT_FOUND', `There is no recovery point "${recoveryPointId}" for the chosen plan or item.`);
  return owner;
}

export function changeRecoveryPointChecks(items: readonly ProtectedItem[], recoveryPointId: string | undefined): Check[] {
  const owner = recoveryPointId === undefined ? null : ownerOfRecoveryPoint(items, recoveryPointId);
  return items.map((item) => {
    const subject = itemSubject(item);
    if (item.failoverState !== 'commit-pending') {
      return check('R7', 'fail', subject, `${item.name} ${STATE_WORDS[item.failoverState]}: the recovery point can be changed only while a failover is commit pending.`);
    }
    const point = owner === item ? item.recoveryPoints.find((p) => p.id === recoveryPointId) : latestRecoveryPoint(item);
    if (!point) return check('R7', 'fail', subject, `${item.name} has no recovery point to change to.`);
    const which = owner === item ? 'the chosen' : 'the latest';
    return check('R7', 'pass', subject, `${item.name} will use ${which} recovery point ${point.id} (${point.time}, ${point.consistency}-consistent); commit afterwards removes the others.`);
  });
}
