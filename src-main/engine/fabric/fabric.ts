// The fabric: where machines really are shut down, synchronised, created and started. The lab fabric is
// the embedded default; Azure and Hyper-V adapters implement the same interface later. Every mutating call
// carries an idempotency key: called again with the same key it does nothing new and answers the same.
import type { RecoveryPoint } from '../model/estate.ts';

/** Fabric errors an operator can act on; `unreachable` → FABRIC_UNREACHABLE, the rest → FABRIC_ERROR. */
export class FabricError extends Error {
  readonly kind: 'unreachable' | 'failed' | 'timeout' | 'invalid-state';
  constructor(kind: FabricError['kind'], message: string) {
    super(message);
    this.name = 'FabricError';
    this.kind = kind;
  }
}

export interface FailoverContext {
  type: 'planned' | 'unplanned' | 'failback';
  fromSiteId: string;
  toSiteId: string;
  /** R16: the on-premises host a failback lands on, when it is not the original one. */
  hostId?: string;
}

export interface SyncResult {
  /** The recovery point holding the data synchronised at shutdown. */
  recoveryPoint: RecoveryPoint;
}

export interface ReplicaResult {
  recoveryPointId: string;
  recoveryPointTime: string;
}

export interface TestMachineResult {
  machineId: string;
  hostId?: string;
  networkId: string | null;
}

export interface TestNetworkResult {
  networkId: string;
}

export interface Fabric {
  /** Whether the fabric can reach a site now. */
  siteReachable(siteId: string): Promise<boolean>;
  powerState(itemId: string): Promise<'running' | 'off'>;
  listRecoveryPoints(itemId: string): Promise<RecoveryPoint[]>;
  /** Whether a VM for the item exists on a host (R16). */
  vmExists(itemId: string, hostId: string): Promise<boolean>;

  /** Shuts the machine down where it runs now (R5: before anything else, so nothing is lost). */
  shutdown(itemId: string, key: string): Promise<void>;
  /** Final delta sync after shutdown: a recovery point holding everything. */
  finalSync(itemId: string, key: string): Promise<SyncResult>;
  /** Creates the replica on the other side from a recovery point (latest when omitted). */
  createReplica(itemId: string, context: FailoverContext, recoveryPointId: string | undefined, key: string): Promise<ReplicaResult>;
  /** Starts the replica: the item becomes active on the target, commit pending (R7), protection per R8. */
  startReplica(itemId: string, context: FailoverContext, key: string): Promise<void>;
  /** R7: applies another recovery point to a commit-pending replica. */
  changeRecoveryPoint(itemId: string, recoveryPointId: string, key: string): Promise<ReplicaResult>;
  /** R7: commits; the other recovery points are removed. */
  commit(itemId: string, key: string): Promise<{ removedRecoveryPoints: number }>;
  /** R7: removes every recovery point but one. */
  removeRecoveryPoints(itemId: string, keepId: string, key: string): Promise<number>;
  /** R9: replicate back from the active site, delta or full (the initial replication method). */
  startReverseReplication(itemId: string, mode: 'delta' | 'full', key: string): Promise<void>;
  /** Resynchronize the replica with its source (changed blocks by checksum); replication is healthy again. */
  resynchronize(itemId: string, key: string): Promise<void>;

  /** R10/R11: a temporary test network, created from a logical network's settings. */
  createTestNetwork(siteId: string, logicalNetwork: string, key: string): Promise<TestNetworkResult>;
  deleteTestNetwork(networkId: string, key: string): Promise<void>;
  /** R10/R11: a test machine from a recovery point, in a network (or none), on the replica's host. */
  createTestMachine(itemId: string, networkId: string | null, recoveryPointId: string | undefined, key: string): Promise<TestMachineResult>;
  startTestMachine(machineId: string, key: string): Promise<void>;
  deleteTestMachine(machineId: string, key: string): Promise<void>;

  /** R15: first failback phase, copying a snapshot while the machine keeps running in Azure. */
  failbackSnapshotCopy(itemId: string, key: string): Promise<void>;
  /** R15: final phase after shutdown: the latest changes (delta or changed blocks by checksum). */
  failbackFinalDelta(itemId: string, mode: 'after-snapshot' | 'changed-blocks', key: string): Promise<void>;
  /** R16: creates the on-premises VM on a host when it does not exist. */
  createVm(itemId: string, hostId: string, key: string): Promise<void>;
}
