// The dashboard's figures, computed by the engine so the renderer only shows them: items by replication and
// failover state, and each item's recovery-point age against its replication frequency (docs/decisions.md,
// "Recovery-point age: late after two replication intervals").
import { FAILOVER_STATES, REPLICATION_STATES, type ProtectedItem, type RecoveryPoint, type ReplicationState } from '../model/estate.ts';

export type FailoverState = (typeof FAILOVER_STATES)[number];

/**
 * `current`: the latest point is at most two replication intervals old (one missed cycle is tolerated);
 * `late`: older than that; `none`: no point yet; `paused`: the item does not replicate now (commit pending,
 * not protected), so its age says nothing about replication health.
 */
export type RecoveryPointHealth = 'current' | 'late' | 'none' | 'paused';

export interface RecoveryPointAge {
  itemId: string;
  name: string;
  replicationState: ReplicationState;
  frequencySeconds: number;
  latestAt: string | null;
  ageSeconds: number | null;
  health: RecoveryPointHealth;
}

export interface DashboardFigures {
  itemCount: number;
  byReplication: Record<ReplicationState, number>;
  byFailover: Record<FailoverState, number>;
  recoveryPoints: RecoveryPointAge[];
  /** Items whose recovery points are late, for the headline. */
  lateCount: number;
}

/** How many replication intervals may pass before the latest point counts as late. */
export const LATE_AFTER_INTERVALS = 2;

export function recoveryPointAge(item: ProtectedItem, points: readonly RecoveryPoint[], now: Date): RecoveryPointAge {
  let latest: RecoveryPoint | undefined;
  for (const point of points) if (!latest || point.time > latest.time) latest = point;
  const frequencySeconds = item.replication.frequencySeconds;
  const ageSeconds = latest ? Math.max(0, Math.round((now.getTime() - Date.parse(latest.time)) / 1000)) : null;
  const replicating = (item.replication.state === 'protected' || item.replication.state === 'resynchronizing' || item.replication.state === 'initial-replication') && item.failoverState !== 'commit-pending';
  let health: RecoveryPointHealth;
  if (!replicating) health = 'paused';
  else if (ageSeconds === null) health = 'none';
  else health = ageSeconds <= LATE_AFTER_INTERVALS * frequencySeconds ? 'current' : 'late';
  return { itemId: item.id, name: item.name, replicationState: item.replication.state, frequencySeconds, latestAt: latest?.time ?? null, ageSeconds, health };
}

export function dashboardFigures(items: readonly ProtectedItem[], pointsOf: (item: ProtectedItem) => readonly RecoveryPoint[], now: Date): DashboardFigures {
  const byReplication = Object.fromEntries(REPLICATION_STATES.map((state) => [state, 0])) as Record<ReplicationState, number>;
  const byFailover = Object.fromEntries(FAILOVER_STATES.map((state) => [state, 0])) as Record<FailoverState, number>;
  const recoveryPoints: RecoveryPointAge[] = [];
  for (const item of items) {
    byReplication[item.replication.state] += 1;
    byFailover[item.failoverState] += 1;
    recoveryPoints.push(recoveryPointAge(item, pointsOf(item), now));
  }
  return { itemCount: items.length, byReplication, byFailover, recoveryPoints, lateCount: recoveryPoints.filter((entry) => entry.health === 'late').length };
}
