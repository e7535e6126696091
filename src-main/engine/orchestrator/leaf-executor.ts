// One leaf of the step tree → one fabric call (or a local script), with the idempotency key the runner
// gives it. Results are plain JSON, stored with the step; resources a test creates go to its cleanup ledger.
import type { DatabaseSync } from 'node:sqlite';
import { FabricError, type Fabric, type FailoverContext } from '../fabric/fabric.ts';
import type { CleanupEntry, StepNode } from '../jobs/job-model.ts';
import { pointChoiceOf, resolvePointChoice } from './point-choice.ts';
import { runScript } from './script-runner.ts';

export interface LeafContext {
  jobId: string;
  node: StepNode;
  key: string;
  now(): Date;
  /** The result of a succeeded leaf of the same item, by its op. */
  siblingResult(op: string): Record<string, unknown> | undefined;
  stepResult(stepId: string): Record<string, unknown> | undefined;
  /** Test resources this job created and has not deleted. */
  openResources(kind: CleanupEntry['kind'], itemId?: string): CleanupEntry[];
  recordCreated(entry: Omit<CleanupEntry, 'createdAt' | 'createdBy'>): (db: DatabaseSync) => void;
  recordDeleted(resourceId: string): (db: DatabaseSync) => void;
}

export interface LeafOutcome {
  result?: Record<string, unknown>;
  output?: string;
  writes?: ((db: DatabaseSync) => void)[];
  /** Items whose state the step changed (estate:changed). */
  changedItemIds?: string[];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function failoverContext(args: Record<string, unknown>): FailoverContext {
  const context: FailoverContext = { type: args.type as FailoverContext['type'], fromSiteId: text(args.fromSiteId), toSiteId: text(args.toSiteId) };
  if (typeof args.hostId === 'string') context.hostId = args.hostId;
  return context;
}

export async function executeLeaf(fabric: Fabric, context: LeafContext): Promise<LeafOutcome> {
  const { node, key } = context;
  const args = node.args ?? {};
  const itemId = node.itemId ?? '';
  const changed = itemId ? [itemId] : [];
  switch (node.op) {
    case 'check-site-reachable': {
      const siteId = text(args.siteId);
      if (!(await fabric.siteReachable(siteId))) throw new FabricError('unreachable', `Site ${siteId} is unreachable.`);
      return { result: { reachable: true } };
    }
    case 'shutdown':
      await fabric.shutdown(itemId, key);
      return { changedItemIds: changed };
    case 'sync': {
      const { recoveryPoint } = await fabric.finalSync(itemId, key);
      return { result: { recoveryPointId: recoveryPoint.id, recoveryPointTime: recoveryPoint.time }, changedItemIds: changed };
    }
    case 'shutdown-and-sync': {
      // R6: an attempt; when it fails the item still fails over, from the latest recovery point.
      await fabric.shutdown(itemId, `${key}:shutdown`);
      const { recoveryPoint } = await fabric.finalSync(itemId, `${key}:sync`);
      return { result: { recoveryPointId: recoveryPoint.id, recoveryPointTime: recoveryPoint.time }, changedItemIds: changed };
    }
    case 'create-replica': {
      const synced = typeof args.fromStep === 'string' ? context.siblingResult(args.fromStep) : undefined;
      const pointId =
        typeof synced?.recoveryPointId === 'string'
          ? synced.recoveryPointId
          : typeof args.recoveryPointId === 'string'
            ? args.recoveryPointId
            : await resolvePointChoice(fabric, itemId, pointChoiceOf(args.pointChoice));
      const replica = await fabric.createReplica(itemId, failoverContext(args), pointId, key);
      // R6: the data-loss window is the time between the point used and the failover.
      // Rounded up: an operator must never read "no data lost" for a window of a fraction of a second (R6).
      const dataLossSeconds = synced ? 0 : Math.max(0, Math.ceil((context.now().getTime() - Date.parse(replica.recoveryPointTime)) / 1000));
      return { result: { ...replica, synced: synced !== undefined, dataLossSeconds }, changedItemIds: changed };
    }
    case 'start-replica':
      await fabric.startReplica(itemId, failoverContext(args), key);
      return { changedItemIds: changed };
    case 'commit': {
      const { removedRecoveryPoints } = await fabric.commit(itemId, key);
      return { result: { removedRecoveryPoints }, changedItemIds: changed };
    }
    case 'change-recovery-point': {
      const replica = await fabric.changeRecoveryPoint(itemId, text(args.recoveryPointId), key);
      return { result: { ...replica }, changedItemIds: changed };
    }
    case 'resynchronize':
      await fabric.resynchronize(itemId, key);
      return { changedItemIds: changed };
    case 'reverse-replication':
      await fabric.startReverseReplication(itemId, args.mode === 'delta' ? 'delta' : 'full', key);
      return { result: { mode: args.mode }, changedItemIds: changed };
    case 'create-test-network': {
      const { networkId } = await fabric.createTestNetwork(text(args.siteId), text(args.logicalNetwork), key);
      return { result: { networkId }, writes: [context.recordCreated({ resourceId: networkId, kind: 'test-network' })] };
    }
    case 'delete-test-network': {
      const writes = [];
      const deleted: string[] = [];
      for (const entry of context.openResources('test-network')) {
        await fabric.deleteTestNetwork(entry.resourceId, `${key}:${entry.resourceId}`);
        writes.push(context.recordDeleted(entry.resourceId));
        deleted.push(entry.resourceId);
      }
      return { result: { deleted }, writes };
    }
    case 'create-test-machine': {
      const networkId = typeof args.networkFrom === 'string' ? text(context.stepResult(args.networkFrom)?.networkId) || null : typeof args.networkId === 'string' ? args.networkId : null;
      const pointId = typeof args.recoveryPointId === 'string' ? args.recoveryPointId : await resolvePointChoice(fabric, itemId, pointChoiceOf(args.pointChoice));
      const machine = await fabric.createTestMachine(itemId, networkId, pointId, key);
      // R6/R10: the job records the point each test machine started from, when one was chosen.
      return { result: { ...machine, ...(pointId ? { recoveryPointId: pointId } : {}) }, writes: [context.recordCreated({ resourceId: machine.machineId, kind: 'test-machine', itemId })] };
    }
    case 'start-test-machine': {
      const machineId = text(context.siblingResult('create-test-machine')?.machineId);
      await fabric.startTestMachine(machineId, key);
      return { result: { machineId } };
    }
    case 'delete-test-machine': {
      const writes = [];
      const deleted: string[] = [];
      for (const entry of context.openResources('test-machine', itemId)) {
        await fabric.deleteTestMachine(entry.resourceId, `${key}:${entry.resourceId}`);
        writes.push(context.recordDeleted(entry.resourceId));
        deleted.push(entry.resourceId);
      }
      return { result: { deleted }, writes };
    }
    case 'failback-snapshot':
      await fabric.failbackSnapshotCopy(itemId, key);
      return {};
    case 'failback-final-delta':
      await fabric.failbackFinalDelta(itemId, args.mode === 'after-snapshot' ? 'after-snapshot' : 'changed-blocks', key);
      return { changedItemIds: changed };
    case 'create-vm': {
      const hostId = text(args.hostId);
      if (await fabric.vmExists(itemId, hostId)) return { result: { created: false, hostId } };
      if (args.createIfMissing !== true) {
        throw new FabricError('invalid-state', `The VM does not exist on ${hostId}; choose "create the on-premises VM if it does not exist" (R16).`);
      }
      await fabric.createVm(itemId, hostId, key);
      return { result: { created: true, hostId } };
    }
    case 'script': {
      const timeoutSeconds = typeof args.timeoutSeconds === 'number' ? args.timeoutSeconds : 300;
      // The script can tell a rehearsal from a real failover, and which way it goes (finding 4, R10).
      const env = Object.fromEntries(Object.entries(args.env ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      const outcome = await runScript(text(args.command), timeoutSeconds, { ...env, FAILOVER_CONSOLE_JOB_ID: context.jobId });
      if (outcome.timedOut) throw Object.assign(new FabricError('timeout', `The script did not finish within ${timeoutSeconds} s.`), { output: outcome.output });
      if (outcome.exitCode !== 0) throw Object.assign(new FabricError('failed', `The script exited with code ${String(outcome.exitCode)}.`), { output: outcome.output });
      return { result: { exitCode: 0 }, output: outcome.output };
    }
    default:
      throw new FabricError('invalid-state', `Step ${node.id} has no operation.`);
  }
}
