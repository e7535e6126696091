// Pure state transitions of the lab's machines, `(item, …, now) → item'`, so that any lab (embedded or separate)
// applies the same DR cycle semantics. No I/O here.
import type { ProtectedItem } from '../model/estate.ts';
import { shortHash } from './lab-timing.ts';

/**
 * R9: reverse replication protects the machine from where it runs towards the other side of its pair. Its home
 * site (`primarySiteId`) and its pair stay as they are: replication always flows from the active site, so a
 * later failback is still judged against home (R17, "Failback from secondary site").
 */
export function reverseReplicated(item: ProtectedItem, key: string, now: Date): ProtectedItem {
  return {
    ...item,
    replication: { ...item.replication, state: 'protected', initialProgress: 100 },
    failoverState: 'none',
    recoveryPoints: [{ id: `${item.id.slice(0, 40)}-rev${shortHash(key).slice(0, 8)}`, time: now.toISOString(), consistency: 'app' }],
  };
}

/** Resynchronization: the replica is brought level with its source; replication is healthy (protected) again. */
export function resynchronized(item: ProtectedItem): ProtectedItem {
  return { ...item, replication: { ...item.replication, state: 'protected', initialProgress: 100 } };
}
