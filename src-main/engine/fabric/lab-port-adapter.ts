// The embedded lab behind fabric port v2: start → handle → poll, with the port's classified errors. Start
// runs the lab call and answers at once when it finishes quickly (like a 200), or a running handle otherwise
// (like a 202); the outcome is remembered by key in memory, and after a restart a second start with the same
// key is deduplicated by the lab's own operation log. Injectable adapter faults (throttling, transient
// refusals, lost answers) are data, so the crash test and the specs list them.
import { createHash } from 'node:crypto';
import { FabricError as LabError } from './fabric.ts';
import type { LabFabric } from './lab-fabric.ts';
import { hangingFault, type LabOperation } from './lab-faults.ts';
import {
  FabricError,
  type CallOptions,
  type FabricAdapter,
  type FabricCapabilities,
  type FabricErrorKind,
  type FabricInventory,
  type FabricOperation,
  type FabricOperationName,
  type OperationHandle,
  type OperationStatus,
} from '../ports/fabric-port.ts';
import type { RecoveryPoint } from '../model/estate.ts';

/** A fault of the adapter's transport, not of the lab: the lab's own faults (hang, fail, boot) stay in the lab. */
export interface AdapterFault {
  /** `lose-answer`: the call is applied but its answer never comes (outcome-unknown). */
  kind: 'throttle' | 'transient' | 'lose-answer';
  operation?: FabricOperationName;
  itemId?: string;
  /** How many calls it hits; unlimited when omitted. */
  times?: number;
  /**
   * The share of calls (0–1) it hits, chosen by a hash of the key (and of the try, for refusals), so a seeded
   * run repeats exactly and a lost answer is lost again when the same key is re-sent after a crash.
   */
  rate?: number;
  retryAfterMs?: number;
}

interface Entry {
  handle: OperationHandle;
  status: OperationStatus;
  applied: boolean;
  /** Held by a lab hang: it can never apply, so it is the one kind of lab call that can be cancelled. */
  hung: boolean;
  done: Promise<void>;
  abort: AbortController;
}

const OPERATIONS: readonly FabricOperationName[] = [
  'shutdown', 'final-sync', 'create-replica', 'start-replica', 'change-recovery-point', 'commit', 'remove-recovery-points',
  'reverse-replication', 'create-test-network', 'delete-test-network', 'create-test-machine', 'start-test-machine',
  'delete-test-machine', 'failback-snapshot', 'failback-final-delta', 'create-vm',
];

export class LabPortAdapter implements FabricAdapter {
  readonly id = 'lab';
  readonly #lab: LabFabric;
  readonly #entries = new Map<string, Entry>();
  readonly #faults: AdapterFault[] = [];
  readonly #answerWithinMs: number;
  readonly #longPollMs: number;
  #tries = 0;

  constructor(lab: LabFabric, options: { answerWithinMs?: number; longPollMs?: number } = {}) {
    this.#lab = lab;
    this.#answerWithinMs = options.answerWithinMs ?? 50;
    this.#longPollMs = options.longPollMs ?? 5_000;
  }

  capabilities(): FabricCapabilities {
    return { operations: OPERATIONS, grain: 'step', cancellable: true, resumable: false };
  }

  addFault(fault: AdapterFault): void {
    this.#faults.push({ ...fault });
  }

  clearFaults(): void {
    this.#faults.length = 0;
  }

  async start(operation: FabricOperation, key: string, options: CallOptions = {}): Promise<OperationHandle> {
    options.signal?.throwIfAborted();
    const existing = this.#entries.get(key);
    if (existing) return existing.handle;
    const refusal = this.#take(operation, ['throttle', 'transient'], key);
    if (refusal) throw new FabricError(refusal.kind === 'throttle' ? 'throttled' : 'transient', `The lab refused ${operation.op} for now (injected ${refusal.kind}).`, { retryAfterMs: refusal.retryAfterMs ?? 0 });
    const lose = this.#take(operation, ['lose-answer'], key);
    const entry = this.#launch(operation, key);
    await Promise.race([entry.done, delay(this.#answerWithinMs)]);
    if (lose) {
      await entry.done; // applied; the answer is what gets lost
      throw new FabricError('outcome-unknown', `The answer to ${operation.op} was lost (injected).`);
    }
    return entry.handle;
  }

  async poll(handle: OperationHandle, options: CallOptions = {}): Promise<OperationStatus> {
    let entry = this.#entries.get(handle.operationId);
    if (!entry) {
      // A handle from before a restart: the lab's own log knows whether the key was applied, so following
      // the operation again by its key finishes it or answers its result, never applying it twice.
      const operation = handle.state?.operation as FabricOperation | undefined;
      if (!operation) throw new FabricError('permanent', `The lab knows no operation ${handle.operationId}.`);
      entry = this.#launch(operation, handle.operationId);
    }
    const waitMs = Math.min(options.waitMs ?? 0, this.#longPollMs);
    if (entry.status.state === 'running' && waitMs > 0) await Promise.race([entry.done, delay(waitMs), aborted(options.signal)]);
    return entry.status;
  }

  async lookup(key: string): Promise<OperationHandle | undefined> {
    return this.#entries.get(key)?.handle;
  }

  /** Stops an operation that has not been applied; one already applied is refused (conflict). */
  async cancel(handle: OperationHandle): Promise<void> {
    const entry = this.#entries.get(handle.operationId);
    // Unknown here (started before a restart): it may have been applied, so it is never reported cancelled.
    if (!entry) throw new FabricError('conflict', `Operation ${handle.operationId} is not known to this process; it cannot be cancelled.`);
    if (entry.status.state === 'cancelled') return;
    if (entry.status.state === 'running' && !entry.hung) throw new FabricError('conflict', `Operation ${handle.operationId} is already being applied; it cannot be stopped.`);
    if (entry.applied || entry.status.state !== 'running') throw new FabricError('conflict', `Operation ${handle.operationId} has already finished; it cannot be cancelled.`);
    entry.status = { state: 'cancelled', message: 'Cancelled before it was applied.' };
    entry.abort.abort();
  }

  siteReachable(siteId: string): Promise<boolean> {
    return this.#lab.siteReachable(siteId);
  }

  powerState(itemId: string): Promise<'running' | 'off'> {
    return this.#lab.powerState(itemId).catch(rethrow);
  }

  listRecoveryPoints(itemId: string): Promise<RecoveryPoint[]> {
    return this.#lab.listRecoveryPoints(itemId).catch(rethrow);
  }

  vmExists(itemId: string, hostId: string): Promise<boolean> {
    return this.#lab.vmExists(itemId, hostId).catch(rethrow);
  }

  async inventory(): Promise<FabricInventory> {
    return { sites: [], items: [], readAt: new Date().toISOString() };
  }

  // ---- machinery ---------------------------------------------------------------------------------------

  #launch(operation: FabricOperation, key: string): Entry {
    const abort = new AbortController();
    const itemId = 'itemId' in operation ? operation.itemId : undefined;
    // The lab decides on a hang when the call begins (synchronously, below): the same faults are seen here.
    const hung = hangingFault(this.#lab.control.faults(), operation.op as LabOperation, itemId) !== undefined;
    const entry: Entry = { handle: { adapterId: this.id, operationId: key, state: { operation } }, status: { state: 'running' }, applied: false, hung, done: Promise.resolve(), abort };
    this.#entries.set(key, entry);
    // A lab hang never settles: it is raced with the cancel so a cancelled entry stops waiting for it.
    entry.done = Promise.race([this.#apply(operation, key), aborted(abort.signal)]).then(
      (result) => {
        if (entry.status.state === 'cancelled') return;
        entry.applied = true;
        entry.status = { state: 'succeeded', result: result ?? {} };
      },
      (error: unknown) => {
        if (entry.status.state === 'cancelled') return;
        const { kind, message } = classify(error);
        entry.status = { state: 'failed', error: { kind, message } };
      },
    );
    return entry;
  }

  #apply(operation: FabricOperation, key: string): Promise<unknown> {
    const lab = this.#lab;
    switch (operation.op) {
      case 'shutdown': return lab.shutdown(operation.itemId, key);
      case 'final-sync': return lab.finalSync(operation.itemId, key);
      case 'create-replica': return lab.createReplica(operation.itemId, operation.context, operation.recoveryPointId, key);
      case 'start-replica': return lab.startReplica(operation.itemId, operation.context, key);
      case 'change-recovery-point': return lab.changeRecoveryPoint(operation.itemId, operation.recoveryPointId, key);
      case 'commit': return lab.commit(operation.itemId, key);
      case 'remove-recovery-points': return lab.removeRecoveryPoints(operation.itemId, operation.keepId, key).then((removed) => ({ removed }));
      case 'reverse-replication': return lab.startReverseReplication(operation.itemId, operation.mode, key);
      case 'resynchronize': return Promise.reject(new FabricError('permanent', 'The lab does not resynchronize.'));
      case 'create-test-network': return lab.createTestNetwork(operation.siteId, operation.logicalNetwork, key, operation.name);
      case 'delete-test-network': return lab.deleteTestNetwork(operation.networkId, key);
      case 'create-test-machine': return lab.createTestMachine(operation.itemId, operation.networkId, operation.recoveryPointId, key, operation.name);
      case 'start-test-machine': return lab.startTestMachine(operation.machineId, key);
      case 'delete-test-machine': return lab.deleteTestMachine(operation.machineId, key);
      case 'failback-snapshot': return lab.failbackSnapshotCopy(operation.itemId, key);
      case 'failback-final-delta': return lab.failbackFinalDelta(operation.itemId, operation.mode, key);
      case 'create-vm': return lab.createVm(operation.itemId, operation.hostId, key);
    }
  }

  #take(operation: FabricOperation, kinds: readonly AdapterFault['kind'][], key: string): AdapterFault | undefined {
    const itemId = 'itemId' in operation ? operation.itemId : undefined;
    const tries = (this.#tries += 1);
    const hits = (fault: AdapterFault) => fault.rate === undefined || share(fault.kind === 'lose-answer' ? key : `${key}#${tries}`) < fault.rate;
    const index = this.#faults.findIndex((fault) => kinds.includes(fault.kind) && (!fault.operation || fault.operation === operation.op) && (!fault.itemId || fault.itemId === itemId) && hits(fault));
    if (index < 0) return undefined;
    const fault = this.#faults[index]!;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.#faults.splice(index, 1);
    }
    return fault;
  }
}

/** The lab's own errors in the port's kinds: a lab failure is permanent, a state refusal a conflict. */
export function classify(error: unknown): { kind: FabricErrorKind; message: string } {
  if (error instanceof FabricError) return { kind: error.kind, message: error.message };
  if (error instanceof LabError) {
    const kind: FabricErrorKind = error.kind === 'unreachable' ? 'unreachable' : error.kind === 'invalid-state' ? 'conflict' : error.kind === 'timeout' ? 'outcome-unknown' : 'permanent';
    return { kind, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'permanent', message };
}

/** A stable number in [0, 1) from a text. */
function share(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

const ENV_FAULT_KINDS = new Set(['throttle', 'transient', 'lose-answer']);

/**
 * Lab only: adapter faults and a retry base for console processes started by the crash test, which cannot
 * reach into their memory: `FAILOVER_CONSOLE_LAB_ADAPTER='{"faults":[…],"retry":{"initialIntervalMs":20}}'`.
 * Anything malformed is ignored (the lab then runs without transport faults).
 */
export function labAdapterSettingsFromEnv(value: string | undefined): { faults: AdapterFault[]; retry: { initialIntervalMs?: number; maximumIntervalMs?: number } } {
  const none = { faults: [], retry: {} };
  if (!value) return none;
  try {
    const parsed = JSON.parse(value) as { faults?: unknown; retry?: { initialIntervalMs?: unknown; maximumIntervalMs?: unknown } };
    const faults = (Array.isArray(parsed.faults) ? parsed.faults : []).filter(
      (fault): fault is AdapterFault => typeof fault === 'object' && fault !== null && ENV_FAULT_KINDS.has((fault as AdapterFault).kind),
    );
    const retry: { initialIntervalMs?: number; maximumIntervalMs?: number } = {};
    if (typeof parsed.retry?.initialIntervalMs === 'number') retry.initialIntervalMs = parsed.retry.initialIntervalMs;
    if (typeof parsed.retry?.maximumIntervalMs === 'number') retry.maximumIntervalMs = parsed.retry.maximumIntervalMs;
    return { faults, retry };
  } catch {
    return none;
  }
}

function rethrow(error: unknown): never {
  const { kind, message } = classify(error);
  throw new FabricError(kind, message, { cause: error });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

function aborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}
