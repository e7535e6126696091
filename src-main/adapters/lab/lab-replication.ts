// The lab's replication: a replicating item gains a recovery point every `frequencySeconds`; points are
// computed from the clock rather than stored on every tick, and materialised when a failover freezes them.
import type { ProtectedItem, RecoveryPoint } from '../../domain/model/estate.ts';

/** Recovery points kept per item (the oldest are pruned, as a vault's retention would). */
export const RETAINED_POINTS = 24;

/** Protected machines replicate from wherever they run (after a planned failover, R8, back towards the primary). */
export function isReplicating(item: ProtectedItem): boolean {
  return (item.replication.state === 'protected' || item.replication.state === 'resynchronizing') && item.failoverState !== 'commit-pending';
}

function pointId(itemId: string, at: number): string {
  return `${itemId.slice(0, 40)}-rp${Math.floor(at / 1000)}`;
}

/** Stored points plus the ones replication produced since, minus any injected lag. */
export function effectiveRecoveryPoints(item: ProtectedItem, now: Date, lagSeconds: number): RecoveryPoint[] {
  const horizon = now.getTime() - lagSeconds * 1000;
  const points = item.recoveryPoints.filter((point) => Date.parse(point.time) <= horizon);
  if (isReplicating(item)) {
    const frequencyMs = item.replication.frequencySeconds * 1000;
    const last = points.length > 0 ? Date.parse(points[points.length - 1]!.time) : horizon - frequencyMs;
    // Aligned to the frequency so the same instant always yields the same point ids (deterministic).
    let next = Math.ceil((last + 1) / frequencyMs) * frequencyMs;
    const firstKept = Math.max(next, horizon - RETAINED_POINTS * frequencyMs);
    if (firstKept > next) next = Math.ceil(firstKept / frequencyMs) * frequencyMs;
    for (; next <= horizon; next += frequencyMs) {
      const index = Math.floor(next / frequencyMs);
      points.push({ id: pointId(item.id, next), time: new Date(next).toISOString(), consistency: index % 4 === 0 ? 'app' : 'crash' });
    }
  }
  return points.slice(-RETAINED_POINTS);
}
