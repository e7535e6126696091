// One leaf of the step tree → one or a few fabric operations through port v2 (or a local script), with the
// idempotency key the runner gives it. The runner journals each call (intent, handle, outcome) around it;
// results are plain JSON stored with the step; test resources go to the cleanup ledger BEFORE they are
// created, named from the key, so no lost answer or crash can orphan one (R10).
import { createHash } from 'node:crypto';
import { StepError } from './step-error.ts';
import { FabricError, type FabricAdapter, type FabricOperation, type FailoverContext } from '../domain/ports/fabric-port.ts';
import type { CleanupEntry, StepNode } from '../domain/jobs/job-model.ts';
import { pointChoiceOf, resolvePointChoice } from './point-choice.ts';
import { runScript } from './script-runner.ts';

type Write<Tx> = (tx: Tx) => void;

export interface CallOptions<Tx> {
  /** Appended to the step's key: a step making several calls gives each its own key. */
  keySuffix?: string;
  /** The site whose fabric runs the call (the registry routes it). */
  siteId?: string;
  /** Committed with the call's intent, before it is sent. */
  intentWrites?: readonly Write<Tx>[];
}

export interface LeafContext<Tx> {
  jobId: string;
  node: StepNode;
  key: string;
  now(): Date;
  /** A mutating fabric operation, journalled and retried by the runner; answers its result. */
  call(operation: FabricOperation, options?: CallOptions<Tx>): Promise<Record<string, unknown>>;
  /** The adapter serving a site, for reads (never journalled). */
  reads(siteId: string): FabricAdapter;
  /** The result of a succeeded leaf of the same item, by its op. */
  siblingResult(op: string): Record<string, unknown> | undefined;
  stepResult(stepId: string): Record<string, unknown> | undefined;
  /** Test resources this job created (or is creating) and has not deleted. */
  openResources(kind: CleanupEntry['kind'], itemId?: string): CleanupEntry[];
  recordCreated(entry: Omit<CleanupEntry, 'createdAt' | 'createdBy'>): Write<Tx>;
  recordDeleted(resourceId: string): Write<Tx>;
}

export interface LeafOutcome<Tx> {
  result?: Record<string, unknown>;
  output?: string;
  writes?: Write<Tx>[];
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

/** R10: the name a test resource gets, from the key: the same after a crash or a lost answer. */
export function testResourceName(kind: 'test-machine' | 'test-network', key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return `${kind === 'test-machine' ? 'test' : 'testnet'}-${hash}`;
}

/** The site a step's calls go to: the target of a failover, else the site it names. */
export function stepSite(node: StepNode): string {
  const args = node.args ?? {};
  return text(args.toSiteId) || text(args.siteId) || text(args.fromSiteId);
}

export async function executeLeaf<Tx>(context: LeafContext<Tx>): Promise<LeafOutcome<Tx>> {
  const { node, key } = context;
  const args = node.args ?? {};
  const itemId = node.itemId ?? '';
  const changed = itemId ? [itemId] : [];
  switch (node.op) {
    case 'check-site-reachable': {
      const siteId = text(args.siteId);
      if (!(await context.reads(siteId).siteReachable(siteId))) throw new FabricError('unreachable', `Site ${siteId} is unreachable.`);
      return { result: { reachable: true } };
    }
    case 'shutdown':
      await context.call({ op: 'shutdown', itemId });
      return { changedItemIds: changed };
    case 'sync': {
      const { recoveryPoint } = (await context.call({ op: 'final-sync', itemId })) as { recoveryPoint: { id: string; time: string } };
      return { result: { recoveryPointId: recoveryPoint.id, recoveryPointTime: recoveryPoint.time }, changedItemIds: changed };
    }
    case 'shutdown-and-sync': {
      // R6: an attempt; when it fails the item still fails over, from the latest recovery point.
      await context.call({ op: 'shutdown', itemId }, { keySuffix: ':shutdown' });
      const { recoveryPoint } = (await context.call({ op: 'final-sync', itemId }, { keySuffix: ':sync' })) as { recoveryPoint: { id: string; time: string } };
      return { result: { recoveryPointId: recoveryPoint.id, recoveryPointTime: recoveryPoint.time }, changedItemIds: changed };
    }
    case 'create-replica': {
      const synced = typeof args.fromStep === 'string' ? context.siblingResult(args.fromStep) : undefined;
      const pointId =
        typeof synced?.recoveryPointId === 'string'
          ? synced.recoveryPointId
          : typeof args.recoveryPointId === 'string'
            ? args.recoveryPointId
            : await resolvePointChoice(context.reads(stepSite(node)), itemId, pointChoiceOf(args.pointChoice));
      const replica = (await context.call({ op: 'create-replica', itemId, context: failoverContext(args), ...(pointId ? { recoveryPointId: pointId } : {}) })) as { recoveryPointId: string; recoveryPointTime: string };
      // R6: the data-loss window is the time between the point used and the failover.
      // Rounded up: an operator must never read "no data lost" for a window of a fraction of a second (R6).
      const dataLossSeconds = synced ? 0 : Math.max(0, Math.ceil((context.now().getTime() - Date.parse(replica.recoveryPointTime)) / 1000));
      return { result: { ...replica, synced: synced !== undefined, dataLossSeconds }, changedItemIds: changed };
    }
    case 'start-replica':
      await context.call({ op: 'start-replica', itemId, context: failoverContext(args) });
      return { changedItemIds: changed };
    case 'commit': {
      const { removedRecoveryPoints } = await context.call({ op: 'commit', itemId });
      return { result: { removedRecoveryPoints }, changedItemIds: changed };
    }
    case 'change-recovery-point': {
      const replica = await context.call({ op: 'change-recovery-point', itemId, recoveryPointId: text(args.recoveryPointId) });
      return { result: { ...replica }, changedItemIds: changed };
    }
    case 'resynchronize':
      await context.call({ op: 'resynchronize', itemId });
      return { changedItemIds: changed };
    case 'reverse-replication':
      await context.call({ op: 'reverse-replication', itemId, mode: args.mode === 'delta' ? 'delta' : 'full' });
      return { result: { mode: args.mode }, changedItemIds: changed };
    case 'create-test-network': {
      const name = testResourceName('test-network', key);
      // R10: in the ledger before it exists, so cleanup deletes it by name even if this answer is lost.
      const { networkId } = (await context.call(
        { op: 'create-test-network', siteId: text(args.siteId), logicalNetwork: text(args.logicalNetwork), name },
        { intentWrites: [context.recordCreated({ resourceId: name, kind: 'test-network' })] },
      )) as { networkId: string };
      const writes = networkId === name ? [] : [context.recordCreated({ resourceId: networkId, kind: 'test-network' })];
      return { result: { networkId }, writes };
    }
    case 'delete-test-network': {
      const writes = [];
      const deleted: string[] = [];
      for (const entry of context.openResources('test-network')) {
        await context.call({ op: 'delete-test-network', networkId: entry.resourceId }, { keySuffix: `:${entry.resourceId}` });
        writes.push(context.recordDeleted(entry.resourceId));
        deleted.push(entry.resourceId);
      }
      return { result: { deleted }, writes };
    }
    case 'create-test-machine': {
      const networkId = typeof args.networkFrom === 'string' ? text(context.stepResult(args.networkFrom)?.networkId) || null : typeof args.networkId === 'string' ? args.networkId : null;
      const pointId = typeof args.recoveryPointId === 'string' ? args.recoveryPointId : await resolvePointChoice(context.reads(stepSite(node)), itemId, pointChoiceOf(args.pointChoice));
      const name = testResourceName('test-machine', key);
      const machine = (await context.call(
        { op: 'create-test-machine', itemId, networkId, name, ...(pointId ? { recoveryPointId: pointId } : {}) },
        { intentWrites: [context.recordCreated({ resourceId: name, kind: 'test-machine', itemId })] },
      )) as { machineId: string };
      const writes = machine.machineId === name ? [] : [context.recordCreated({ resourceId: machine.machineId, kind: 'test-machine', itemId })];
      // R6/R10: the job records the point each test machine started from, when one was chosen.
      return { result: { ...machine, ...(pointId ? { recoveryPointId: pointId } : {}) }, writes };
    }
    case 'start-test-machine': {
      const machineId = text(context.siblingResult('create-test-machine')?.machineId);
      await context.call({ op: 'start-test-machine', machineId });
      return { result: { machineId } };
    }
    case 'delete-test-machine': {
      const writes = [];
      const deleted: string[] = [];
      for (const entry of context.openResources('test-machine', itemId)) {
        await context.call({ op: 'delete-test-machine', machineId: entry.resourceId }, { keySuffix: `:${entry.resourceId}` });
        writes.push(context.recordDeleted(entry.resourceId));
        deleted.push(entry.resourceId);
      }
      return { result: { deleted }, writes };
    }
    case 'failback-snapshot':
      await context.call({ op: 'failback-snapshot', itemId });
      return {};
    case 'failback-final-delta':
      await context.call({ op: 'failback-final-delta', itemId, mode: args.mode === 'after-snapshot' ? 'after-snapshot' : 'changed-blocks' });
      return { changedItemIds: changed };
    case 'create-vm': {
      const hostId = text(args.hostId);
      if (await context.reads(stepSite(node)).vmExists(itemId, hostId)) return { result: { created: false, hostId } };
      if (args.createIfMissing !== true) {
        throw new FabricError('conflict', `The VM does not exist on ${hostId}; choose "create the on-premises VM if it does not exist" (R16).`);
      }
      await context.call({ op: 'create-vm', itemId, hostId });
      return { result: { created: true, hostId } };
    }
    case 'script': {
      const timeoutSeconds = typeof args.timeoutSeconds === 'number' ? args.timeoutSeconds : 300;
      // The script can tell a rehearsal from a real failover, and which way it goes (R10; docs/decisions.md "Plan actions say which operations they run in").
      const env = Object.fromEntries(Object.entries(args.env ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      const outcome = await runScript(text(args.command), timeoutSeconds, { ...env, FAILOVER_CONSOLE_JOB_ID: context.jobId });
      if (outcome.timedOut) throw Object.assign(new StepError('timeout', `The script did not finish within ${timeoutSeconds} s.`), { output: outcome.output });
      if (outcome.exitCode !== 0) throw Object.assign(new StepError('failed', `The script exited with code ${String(outcome.exitCode)}.`), { output: outcome.output });
      return { result: { exitCode: 0 }, output: outcome.output };
    }
    default:
      throw new FabricError('permanent', `Step ${node.id} has no operation.`);
  }
}
