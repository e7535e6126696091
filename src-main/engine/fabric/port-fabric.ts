// Bridge: the step-by-step `Fabric` interface the leaf executor calls, over a fabric port v2 adapter
// (start with a key → handle → poll). Until the runner calls the port itself, this is how the engine reaches
// the separated lab: each call starts the operation under its idempotency key (the same key answers the same
// operation, so a resumed or retried call never applies twice), then polls the handle. A throttled or
// transient answer is retried here with backoff (honouring retry-after); an outcome-unknown answer is
// reconciled by looking the key up before anything is sent again (docs/decisions.md).
import type { RecoveryPoint } from '../model/estate.ts';
import { FabricError as PortError, type FabricAdapter, type FabricOperation, type FabricResults, type OperationHandle } from '../ports/fabric-port.ts';
import { createHash } from 'node:crypto';
import { FabricError, type Fabric, type FailoverContext, type ReplicaResult, type SyncResult, type TestMachineResult, type TestNetworkResult } from './fabric.ts';

export interface PortFabricOptions {
  /** Polling stops after this long (the step has timed out by then; its key is reconciled on retry). */
  giveUpAfterMs: number;
  /** Attempts for throttled/transient/unreachable-free retries before the step sees the error. */
  attempts?: number;
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class PortFabric implements Fabric {
  readonly #adapter: FabricAdapter;
  readonly #options: Required<PortFabricOptions>;

  constructor(adapter: FabricAdapter, options: PortFabricOptions) {
    this.#adapter = adapter;
    this.#options = { attempts: 6, ...options };
  }

  siteReachable(siteId: string): Promise<boolean> {
    return this.#read(() => this.#adapter.siteReachable(siteId));
  }
  powerState(itemId: string): Promise<'running' | 'off'> {
    return this.#read(() => this.#adapter.powerState(itemId));
  }
  listRecoveryPoints(itemId: string): Promise<RecoveryPoint[]> {
    return this.#read(() => this.#adapter.listRecoveryPoints(itemId));
  }
  vmExists(itemId: string, hostId: string): Promise<boolean> {
    return this.#read(() => this.#adapter.vmExists(itemId, hostId));
  }

  async shutdown(itemId: string, key: string): Promise<void> {
    await this.#run({ op: 'shutdown', itemId }, key);
  }
  finalSync(itemId: string, key: string): Promise<SyncResult> {
    return this.#run({ op: 'final-sync', itemId }, key);
  }
  createReplica(itemId: string, context: FailoverContext, recoveryPointId: string | undefined, key: string): Promise<ReplicaResult> {
    return this.#run({ op: 'create-replica', itemId, context, ...(recoveryPointId ? { recoveryPointId } : {}) }, key);
  }
  async startReplica(itemId: string, context: FailoverContext, key: string): Promise<void> {
    await this.#run({ op: 'start-replica', itemId, context }, key);
  }
  changeRecoveryPoint(itemId: string, recoveryPointId: string, key: string): Promise<ReplicaResult> {
    return this.#run({ op: 'change-recovery-point', itemId, recoveryPointId }, key);
  }
  commit(itemId: string, key: string): Promise<{ removedRecoveryPoints: number }> {
    return this.#run({ op: 'commit', itemId }, key);
  }
  async removeRecoveryPoints(itemId: string, keepId: string, key: string): Promise<number> {
    return (await this.#run({ op: 'remove-recovery-points', itemId, keepId }, key)).removed;
  }
  async startReverseReplication(itemId: string, mode: 'delta' | 'full', key: string): Promise<void> {
    await this.#run({ op: 'reverse-replication', itemId, mode }, key);
  }
  // R10: test resources are named from the key, so cleanup can find them whether or not an answer arrived.
  createTestNetwork(siteId: string, logicalNetwork: string, key: string): Promise<TestNetworkResult> {
    return this.#run({ op: 'create-test-network', siteId, logicalNetwork, name: `testnet-${shortHash(key)}` }, key);
  }
  async deleteTestNetwork(networkId: string, key: string): Promise<void> {
    await this.#run({ op: 'delete-test-network', networkId }, key);
  }
  createTestMachine(itemId: string, networkId: string | null, recoveryPointId: string | undefined, key: string): Promise<TestMachineResult> {
    return this.#run({ op: 'create-test-machine', itemId, networkId, name: `test-${shortHash(key)}`, ...(recoveryPointId ? { recoveryPointId } : {}) }, key);
  }
  async startTestMachine(machineId: string, key: string): Promise<void> {
    await this.#run({ op: 'start-test-machine', machineId }, key);
  }
  async deleteTestMachine(machineId: string, key: string): Promise<void> {
    await this.#run({ op: 'delete-test-machine', machineId }, key);
  }
  async failbackSnapshotCopy(itemId: string, key: string): Promise<void> {
    await this.#run({ op: 'failback-snapshot', itemId }, key);
  }
  async failbackFinalDelta(itemId: string, mode: 'after-snapshot' | 'changed-blocks', key: string): Promise<void> {
    await this.#run({ op: 'failback-final-delta', itemId, mode }, key);
  }
  async createVm(itemId: string, hostId: string, key: string): Promise<void> {
    await this.#run({ op: 'create-vm', itemId, hostId }, key);
  }

  async #run<Op extends FabricOperation>(operation: Op, key: string): Promise<FabricResults[Op['op']]> {
    const started = Date.now();
    const deadline = started + this.#options.giveUpAfterMs;
    const handle = await this.#startOrReconcile(operation, key);
    for (;;) {
      let status;
      try {
        status = await this.#adapter.poll(handle);
      } catch (error) {
        // The answer was lost: ask again (until the deadline) rather than guess.
        if (!(error instanceof PortError && error.kind === 'outcome-unknown')) throw legacyError(error);
        status = { state: 'running' as const };
      }
      if (status.state === 'succeeded') return status.result as FabricResults[Op['op']];
      if (status.state === 'failed') throw new FabricError(legacyKind(status.error.kind), status.error.message);
      if (status.state === 'cancelled') throw new FabricError('failed', status.message);
      if (Date.now() >= deadline) throw new FabricError('timeout', `${operation.op} did not finish in time; its outcome is unknown.`);
      // Polls more often for a short operation: it ends at most ~10 % later than it could.
      await sleep(Math.min(Math.max((Date.now() - started) / 10, 2), 250));
    }
  }

  /** Starts the operation; a lost answer is reconciled by the key, throttling and transient errors retried. */
  async #startOrReconcile(operation: FabricOperation, key: string): Promise<OperationHandle> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#adapter.start(operation, key);
      } catch (error) {
        if (!(error instanceof PortError)) throw error;
        if (error.kind === 'outcome-unknown') {
          const found = await this.#adapter.lookup(key);
          if (found) return found;
        } else if ((error.kind !== 'throttled' && error.kind !== 'transient') || attempt >= this.#options.attempts) {
          throw legacyError(error);
        }
        await sleep(Math.max(error.retryAfterMs ?? 0, Math.min(10 * 2 ** attempt, 1_000)));
      }
    }
  }

  async #read<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw legacyError(error);
    }
  }
}

function legacyKind(kind: PortError['kind']): FabricError['kind'] {
  if (kind === 'unreachable') return 'unreachable';
  if (kind === 'conflict') return 'invalid-state';
  if (kind === 'outcome-unknown') return 'timeout';
  return 'failed';
}

function legacyError(error: unknown): unknown {
  return error instanceof PortError ? new FabricError(legacyKind(error.kind), error.message) : error;
}
