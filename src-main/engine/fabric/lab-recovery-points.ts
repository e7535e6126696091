// How far behind the lab's replication of one machine is, as a pure function of the active faults: an injected
// lag holds the newest points back, and a source site that cannot be reached produces no new point from the
// moment it went down (R6: the data-loss window grows with the outage).
import type { ProtectedItem } from '../model/estate.ts';
import { lagSeconds, type ActiveFault } from './lab-faults.ts';
import { isReplicating } from './lab-replication.ts';

/** Seconds between now and the newest moment replication has delivered for `item`. */
export function replicationLagSeconds(faults: readonly ActiveFault[], item: ProtectedItem, now: Date): number {
  // A machine that does not replicate (failed over, its points frozen for R7) is behind on nothing.
  if (!isReplicating(item)) return 0;
  let lag = lagSeconds(faults, item.id);
  for (const { spec, createdAt } of faults) {
    if (spec.kind !== 'site-unreachable' || spec.siteId !== item.activeSiteId) continue;
    lag = Math.max(lag, (now.getTime() - Date.parse(createdAt)) / 1000);
  }
  return lag;
}
