// What each lab operation does, as pure functions: (world before, operation, key, now) → the changed item,
// the resources put or removed, and the answer. No I/O here: the operation machinery (lab-operations.ts)
// reads the world inside the lab transaction and commits the transition with the operation's final state,
// so an effect and its "succeeded" are one commit. DR-cycle rules that change what the lab does (R8, R9,
// R15, R16) drop in here as item → item functions.
import type { ProtectedItem, RecoveryPoint, Site } from '../../domain/model/estate.ts';
import type { FabricOperation, FailoverContext } from '../../domain/ports/fabric-port.ts';
import { otherSide } from '../../domain/rules/direction.ts';
import { protectionAfterFailover } from '../../domain/rules/protection.ts';
import { shortHash } from './lab-timing.ts';

export interface LabResource {
  id: string;
  kind: 'replica' | 'test-network' | 'test-machine' | 'snapshot' | 'vm';
  itemId: string | null;
  networkId: string | null;
  data: Record<string, unknown>;
}

/** What a transition may look at: the item before (a copy it may not mutate), sites, resources, points. */
export interface LabWorld {
  item: ProtectedItem | undefined;
  site(id: string): Site | undefined;
  resource(id: string): LabResource | undefined;
  /** The item's recovery points now (replication keeps producing them; lag holds the newest back). */
  points(item: ProtectedItem): RecoveryPoint[];
}

export interface LabTransition {
  result: Record<string, unknown>;
  item?: ProtectedItem;
  put?: LabResource[];
  remove?: string[];
}

/** The fabric refuses because of the state things are in (the port's `conflict`). */
export class LabConflict extends Error {}

/** The sites an operation needs to reach (an unreachable one refuses it before anything is recorded). */
export function sitesTouched(operation: FabricOperation, item: ProtectedItem | undefined): string[] {
  switch (operation.op) {
    case 'create-replica':
    case 'start-replica':
      return [operation.context.toSiteId];
    case 'create-test-network':
      return [operation.siteId];
    case 'shutdown':
    case 'change-recovery-point':
    case 'commit':
    case 'remove-recovery-points':
      return item ? [item.activeSiteId] : [];
    case 'create-test-machine':
    case 'create-vm':
      return item ? [otherSide(item)] : [];
    case 'delete-test-network':
    case 'start-test-machine':
    case 'delete-test-machine':
      return [];
    default:
      return item ? [item.activeSiteId, otherSide(item)] : [];
  }
}

/** The resource id of the VM created for an item on a host (R16). */
export function vmResourceId(itemId: string, hostId: string): string {
  return `vm-${shortHash(`${itemId}/${hostId}`)}`;
}

/** The item to change: a shallow copy. Transitions replace nested values (points, replication, last failover)
 *  and never mutate them, so the item they were given stays as it was (and a deep copy per operation cost
 *  more than the rest of the transition). */
function need(world: LabWorld): ProtectedItem {
  if (!world.item) throw new LabConflict('The lab has no such machine.');
  return { ...world.item };
}

function pointFrom(points: RecoveryPoint[], recoveryPointId: string | undefined, item: ProtectedItem, what: string): RecoveryPoint {
  const point = recoveryPointId ? points.find((p) => p.id === recoveryPointId) : points[points.length - 1];
  if (!point) throw new LabConflict(recoveryPointId ? `${item.name} has no recovery point ${recoveryPointId}.` : `${item.name} has no recovery point ${what}.`);
  return point;
}

export function transition(world: LabWorld, operation: FabricOperation, key: string, now: Date): LabTransition {
  switch (operation.op) {
    case 'shutdown': {
      const item = need(world);
      item.powerState = 'off';
      return { result: {}, item };
    }
    case 'final-sync': {
      const item = need(world);
      if (item.powerState !== 'off') throw new LabConflict(`${item.name} must be shut down before its final synchronisation.`);
      const recoveryPoint: RecoveryPoint = { id: `${item.id.slice(0, 40)}-sync${shortHash(key).slice(0, 8)}`, time: now.toISOString(), consistency: 'app' };
      item.recoveryPoints = [...world.points(item), recoveryPoint];
      return { result: { recoveryPoint }, item };
    }
    case 'create-replica':
      return createReplica(world, operation.context, operation.recoveryPointId);
    case 'start-replica':
      return startReplica(world, operation.context, now);
    case 'change-recovery-point': {
      const item = need(world);
      if (item.failoverState !== 'commit-pending' || !item.lastFailover) throw new LabConflict(`${item.name} is not commit pending (R7).`);
      const point = item.recoveryPoints.find((p) => p.id === operation.recoveryPointId);
      if (!point) throw new LabConflict(`${item.name} has no recovery point ${operation.recoveryPointId}.`);
      item.lastFailover = { ...item.lastFailover, recoveryPointId: point.id };
      return { result: { recoveryPointId: point.id, recoveryPointTime: point.time }, item };
    }
    case 'commit': {
      const item = need(world);
      if (item.failoverState !== 'commit-pending') throw new LabConflict(`${item.name} is not commit pending: only a commit-pending failover can be committed (R7).`);
      const keep = item.lastFailover?.recoveryPointId;
      const before = item.recoveryPoints.length;
      item.recoveryPoints = item.recoveryPoints.filter((p) => p.id === keep);
      item.failoverState = 'committed';
      return { result: { removedRecoveryPoints: before - item.recoveryPoints.length }, item };
    }
    case 'remove-recovery-points': {
      const item = need(world);
      const before = item.recoveryPoints.length;
      item.recoveryPoints = item.recoveryPoints.filter((p) => p.id === operation.keepId);
      return { result: { removed: before - item.recoveryPoints.length }, item };
    }
    case 'reverse-replication':
      return { result: {}, item: reverseReplication(need(world), key, now) };
    case 'resynchronize':
      return { result: {}, item: resynchronized(need(world)) };
    case 'create-test-network': {
      const networkId = operation.name;
      return { result: { networkId }, put: [{ id: networkId, kind: 'test-network', itemId: null, networkId: null, data: { siteId: operation.siteId, logicalNetwork: operation.logicalNetwork } }] };
    }
    case 'delete-test-network':
      return { result: {}, remove: [operation.networkId] };
    case 'create-test-machine': {
      const item = need(world);
      const point = pointFrom(world.points(item), operation.recoveryPointId, item, 'for a test failover (R2)');
      const machineId = operation.name;
      const hostId = item.activeSiteId === item.primarySiteId ? item.recoveryHostId : item.hostId;
      return {
        result: { machineId, networkId: operation.networkId, ...(hostId ? { hostId } : {}) },
        put: [{ id: machineId, kind: 'test-machine', itemId: item.id, networkId: operation.networkId, data: { recoveryPointId: point.id, running: false } }],
      };
    }
    case 'start-test-machine': {
      const machine = world.resource(operation.machineId);
      if (!machine) throw new LabConflict(`There is no test machine ${operation.machineId}.`);
      return { result: {}, put: [{ ...machine, data: { ...machine.data, running: true } }] };
    }
    case 'delete-test-machine':
      // Deleting what is already gone succeeds: cleanup must be safe to repeat (R10).
      return { result: {}, remove: [operation.machineId] };
    case 'failback-snapshot': {
      const item = need(world);
      return { result: {}, put: [{ id: `snapshot-${item.id}`, kind: 'snapshot', itemId: item.id, networkId: null, data: {} }] };
    }
    case 'failback-final-delta': {
      const item = need(world);
      if (item.powerState !== 'off') throw new LabConflict(`${item.name} must be shut down in Azure before the final synchronisation.`);
      if (operation.mode === 'after-snapshot' && !world.resource(`snapshot-${item.id}`)) throw new LabConflict(`${item.name} has no snapshot copy to complete.`);
      return { result: {}, remove: [`snapshot-${item.id}`] };
    }
    case 'create-vm': {
      const item = need(world);
      return { result: {}, put: [{ id: vmResourceId(item.id, operation.hostId), kind: 'vm', itemId: item.id, networkId: null, data: { hostId: operation.hostId } }] };
    }
  }
}

function createReplica(world: LabWorld, context: FailoverContext, recoveryPointId: string | undefined): LabTransition {
  const item = need(world);
  if (item.activeSiteId !== context.fromSiteId) throw new LabConflict(`${item.name} is not active on ${context.fromSiteId}.`);
  if (item.failoverState === 'commit-pending') throw new LabConflict(`${item.name} has a failover waiting for commit.`);
  const points = world.points(item);
  const point = pointFrom(points, recoveryPointId, item, 'to fail over from');
  // Replication stops at failover: the points are frozen so R7's change and commit see the same list.
  item.recoveryPoints = points;
  const result = { recoveryPointId: point.id, recoveryPointTime: point.time };
  return { result, item, put: [{ id: `replica-${item.id}`, kind: 'replica', itemId: item.id, networkId: null, data: result }] };
}

function startReplica(world: LabWorld, context: FailoverContext, now: Date): LabTransition {
  const item = need(world);
  const replica = world.resource(`replica-${item.id}`);
  if (!replica && context.type !== 'failback') throw new LabConflict(`${item.name} has no replica to start.`);
  const recoveryPointId = typeof replica?.data.recoveryPointId === 'string' ? replica.data.recoveryPointId : undefined;
  const targetKind = world.site(context.toSiteId)?.kind ?? 'vmm';
  item.activeSiteId = context.toSiteId;
  item.powerState = 'running';
  item.failoverState = 'commit-pending';
  item.lastFailover = {
    type: context.type === 'unplanned' ? 'unplanned' : 'planned',
    at: now.toISOString(),
    fromSiteId: context.fromSiteId,
    toSiteId: context.toSiteId,
    ...(recoveryPointId ? { recoveryPointId } : {}),
  };
  if (context.hostId) item.hostId = context.hostId;
  item.replication = { ...item.replication, state: protectionAfterFailover(context.type, targetKind) }; // R8
  return { result: {}, item, remove: [`replica-${item.id}`] };
}

/**
 * R9: reverse replication protects the machine from where it runs towards the other side of its pair. Its home
 * site (`primarySiteId`) and its pair stay as they are: replication always flows from the active site, so a
 * later failback is still judged against home (R17, "Failback from secondary site").
 */
export function reverseReplication(before: ProtectedItem, key: string, now: Date): ProtectedItem {
  if (before.failoverState === 'commit-pending') throw new LabConflict(`${before.name} must be committed before reverse replication.`);
  return {
    ...before,
    replication: { ...before.replication, state: 'protected', initialProgress: 100 },
    failoverState: 'none',
    recoveryPoints: [{ id: `${before.id.slice(0, 40)}-rev${shortHash(key).slice(0, 8)}`, time: now.toISOString(), consistency: 'app' }],
  };
}

/** Resynchronization brings the replica level with its source; replication is healthy (protected) again. */
export function resynchronized(before: ProtectedItem): ProtectedItem {
  if (before.replication.state !== 'resynchronizing') throw new LabConflict(`${before.name} does not need resynchronization (it is ${before.replication.state}).`);
  return { ...before, replication: { ...before.replication, state: 'protected', initialProgress: 100 } };
}
