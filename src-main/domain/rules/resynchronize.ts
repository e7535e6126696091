// Resynchronization (as Site Recovery and Hyper-V Replica offer it): a machine whose replication is unhealthy —
// resynchronizing in the estate — is brought level with its source again; both sides must be reachable (R9).
import type { Estate, ProtectedItem } from '../model/estate.ts';
import type { Check } from '../model/operation.ts';
import { check, itemSubject } from './check.ts';
import { otherSide } from './direction.ts';
import { findSite } from './lookup.ts';

/** Whether a machine's replication needs resynchronizing: the one test pre-flight, the engine and the item view ask. */
export function needsResynchronization(item: { replication: Pick<ProtectedItem['replication'], 'state'> }): boolean {
  return item.replication.state === 'resynchronizing';
}

export function resynchronizeChecks(estate: Estate, items: readonly ProtectedItem[]): Check[] {
  return items.map((item) => {
    const subject = itemSubject(item);
    if (!needsResynchronization(item)) {
      return check('R9', 'fail', subject, `${item.name} is ${item.replication.state}: only a machine whose replication needs resynchronization (resynchronizing) can be resynchronized.`);
    }
    const from = findSite(estate, item.activeSiteId);
    const to = findSite(estate, otherSide(item));
    const down = [from, to].find((site) => !site.reachable);
    if (down) return check('R9', 'fail', subject, `${down.name} is not reachable: resynchronization of ${item.name} needs both sides of its replication.`);
    return check('R9', 'pass', subject, `${item.name} is resynchronized from ${from.name} to ${to.name} (changed blocks by checksum); it is protected again afterwards.`);
  });
}

/** The members a resynchronization runs for (the rule pre-flight reports). */
export function resynchronizeMembers(items: readonly ProtectedItem[]): ProtectedItem[] {
  return items.filter(needsResynchronization);
}
