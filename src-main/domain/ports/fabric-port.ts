// Fabric port v2: what the engine needs from a fabric (the lab, Azure Site Recovery, Hyper-V), shaped like a
// remote service that shares no transaction with us. A mutating operation is *started* with an idempotency
// key and answers with a handle; the runner persists the handle before it waits, then polls it. After a
// crash, or when an answer was lost, the runner reconciles (polls the handle, or looks the key up) before it
// sends anything again. See docs/architecture.md ("Fabric operations") and docs/decisions.md.
import type { RecoveryPoint } from '../model/estate.ts';

// ---- errors -------------------------------------------------------------------------------------------

/**
 * How a fabric failure is handled:
 * - `transient`, `throttled`: retried by the operation's retry policy before an operator sees anything
 *   (`throttled` waits at least `retryAfterMs`);
 * - `unreachable`: the site or service cannot be reached (FABRIC_UNREACHABLE); retried like transient;
 * - `conflict`: the fabric refuses because of its state (another operation, wrong state): not retried;
 * - `permanent`: the operation failed and will fail again: the step fails;
 * - `outcome-unknown`: the call may or may not have been applied (timeout, lost answer): reconcile first.
 */
export const FABRIC_ERROR_KINDS = ['transient', 'throttled', 'conflict', 'unreachable', 'permanent', 'outcome-unknown'] as const;
export type FabricErrorKind = (typeof FABRIC_ERROR_KINDS)[number];

export class FabricError extends Error {
  readonly kind: FabricErrorKind;
  /** `throttled`: the earliest moment to try again, as the fabric said (Retry-After). */
  readonly retryAfterMs: number | undefined;
  constructor(kind: FabricErrorKind, message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FabricError';
    this.kind = kind;
    this.retryAfterMs = options.retryAfterMs;
  }
}

// ---- operations -----------------------------------------------------------------------------------------

export interface FailoverContext {
  type: 'planned' | 'unplanned' | 'failback';
  fromSiteId: string;
  toSiteId: string;
  /** R16: the on-premises host a failback lands on, when it is not the original one. */
  hostId?: string;
}

/** Every mutating fabric operation, as data: what the intent journal records and the adapter starts. */
export type FabricOperation =
  | { op: 'shutdown'; itemId: string }
  | { op: 'final-sync'; itemId: string }
  | { op: 'create-replica'; itemId: string; context: FailoverContext; recoveryPointId?: string }
  | { op: 'start-replica'; itemId: string; context: FailoverContext }
  | { op: 'change-recovery-point'; itemId: string; recoveryPointId: string }
  | { op: 'commit'; itemId: string }
  | { op: 'remove-recovery-points'; itemId: string; keepId: string }
  | { op: 'reverse-replication'; itemId: string; mode: 'delta' | 'full' }
  | { op: 'resynchronize'; itemId: string }
  /** R10: test resources are named by the engine from the idempotency key and journalled before creation, so a
   *  crash can never orphan one: cleanup deletes by name whether or not the creation's answer arrived. */
  | { op: 'create-test-network'; siteId: string; logicalNetwork: string; name: string }
  | { op: 'delete-test-network'; networkId: string }
  | { op: 'create-test-machine'; itemId: string; networkId: string | null; recoveryPointId?: string; name: string }
  | { op: 'start-test-machine'; machineId: string }
  | { op: 'delete-test-machine'; machineId: string }
  | { op: 'failback-snapshot'; itemId: string }
  | { op: 'failback-final-delta'; itemId: string; mode: 'after-snapshot' | 'changed-blocks' }
  | { op: 'create-vm'; itemId: string; hostId: string };

export type FabricOperationName = FabricOperation['op'];

/** What each operation answers when it succeeds (plain JSON: it is journalled with the step). */
export interface FabricResults {
  shutdown: Record<string, never>;
  'final-sync': { recoveryPoint: RecoveryPoint };
  'create-replica': { recoveryPointId: string; recoveryPointTime: string };
  'start-replica': Record<string, never>;
  'change-recovery-point': { recoveryPointId: string; recoveryPointTime: string };
  commit: { removedRecoveryPoints: number };
  'remove-recovery-points': { removed: number };
  'reverse-replication': Record<string, never>;
  resynchronize: Record<string, never>;
  'create-test-network': { networkId: string };
  'delete-test-network': Record<string, never>;
  'create-test-machine': { machineId: string; hostId?: string; networkId: string | null };
  'start-test-machine': Record<string, never>;
  'delete-test-machine': Record<string, never>;
  'failback-snapshot': Record<string, never>;
  'failback-final-delta': Record<string, never>;
  'create-vm': Record<string, never>;
}
export type FabricResult<Op extends FabricOperationName = FabricOperationName> = FabricResults[Op];

/** The item (or site) an operation acts on, for locks, logs and the intent journal. */
export function operationTarget(operation: FabricOperation): string {
  if ('itemId' in operation) return operation.itemId;
  if ('machineId' in operation) return operation.machineId;
  if ('networkId' in operation && operation.op === 'delete-test-network') return operation.networkId;
  if ('siteId' in operation) return operation.siteId;
  return '';
}

// ---- handles and status ---------------------------------------------------------------------------------

/**
 * A started operation. Serializable: the runner journals it before waiting, and after a crash a new
 * process polls the same handle (never re-sends blindly). `state` is the adapter's own (a polling URL, an
 * Azure-AsyncOperation header…).
 */
export interface OperationHandle {
  /** The adapter that started it (the registry routes a resumed poll back to it). */
  adapterId: string;
  operationId: string;
  state?: Record<string, unknown>;
}

export type OperationStatus =
  | { state: 'running'; progress?: number; tasks?: FabricTask[] }
  /** A server-side job suspended at a manual action (ASR); resumed with `resume(handle, comments)`. */
  | { state: 'waiting-for-action'; message: string; tasks?: FabricTask[] }
  | { state: 'succeeded'; result: unknown; tasks?: FabricTask[] }
  | { state: 'failed'; error: { kind: FabricErrorKind; message: string; retryAfterMs?: number }; tasks?: FabricTask[] }
  | { state: 'cancelled'; message: string };

/** A task of a server-side job (ASR's job reports its tasks; the lab's operations have none). */
export interface FabricTask {
  name: string;
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  startedAt?: string;
  endedAt?: string;
}

// ---- capabilities ---------------------------------------------------------------------------------------

export interface FabricCapabilities {
  /** Operations this adapter can start; pre-flight refuses an operation whose fabric cannot run it. */
  operations: readonly FabricOperationName[];
  /**
   * `step`: the engine drives each step (lab, Hyper-V). `server-job`: one server-side job per machine and
   * operation (ASR), whose tasks the engine reports and which may suspend at a manual action.
   */
  grain: 'step' | 'server-job';
  /** Whether `cancel(handle)` can stop an operation that has not yet been applied. */
  cancellable: boolean;
  /** Whether a suspended server-side job can be resumed with comments. */
  resumable: boolean;
  /**
   * How many operations the fabric takes at once from one caller; a group's machines run at once up to it
   * (domain/fabric/concurrency.ts). Absent: no limit of its own.
   */
  maxConcurrentOperations?: number;
}

// ---- inventory --------------------------------------------------------------------------------------------

/**
 * What the fabric says exists now: the estate read model is fed from this, so the estate is not something
 * only the lab mutates. Ids are opaque strings (an Azure resource id is several hundred characters).
 */
export interface FabricInventory {
  sites: unknown[];
  items: unknown[];
  networks?: unknown[];
  plans?: unknown[];
  /** The estate's display name, where the fabric has one (the lab's estate file names it). */
  name?: string;
  /** The read's own clock: a later inventory supersedes an earlier one. */
  readAt: string;
}

// ---- the port -----------------------------------------------------------------------------------------------

export interface CallOptions {
  /** Cancels the call where the adapter can; an aborted call rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * `poll` only: the adapter may hold its answer up to this long while the operation is still running (a long
   * poll); absent or 0, it answers at once. Adapters that cannot long-poll ignore it (the runner backs off).
   */
  waitMs?: number;
}

export interface FabricAdapter {
  readonly id: string;
  capabilities(): FabricCapabilities;

  /**
   * Starts an operation, or answers the handle of the one already started with this key (a second start with
   * the same key never applies it twice). May answer `outcome-unknown`: the caller reconciles with `lookup`.
   */
  start(operation: FabricOperation, key: string, options?: CallOptions): Promise<OperationHandle>;
  poll(handle: OperationHandle, options?: CallOptions): Promise<OperationStatus>;
  /** Reconciliation: the operation started with this key, if the fabric knows one. */
  lookup(key: string, options?: CallOptions): Promise<OperationHandle | undefined>;
  /** Cancels an operation that has not been applied yet (capabilities.cancellable). */
  cancel?(handle: OperationHandle, options?: CallOptions): Promise<void>;
  /** Resumes a server-side job suspended at a manual action (capabilities.resumable). */
  resume?(handle: OperationHandle, comments: string, options?: CallOptions): Promise<void>;

  // Reads: safe to repeat, never journalled.
  siteReachable(siteId: string, options?: CallOptions): Promise<boolean>;
  powerState(itemId: string, options?: CallOptions): Promise<'running' | 'off'>;
  listRecoveryPoints(itemId: string, options?: CallOptions): Promise<RecoveryPoint[]>;
  /** R16: whether a VM for the item exists on a host. */
  vmExists(itemId: string, hostId: string, options?: CallOptions): Promise<boolean>;
  inventory(options?: CallOptions): Promise<FabricInventory>;
}

/** Routes each site (or connection) to its adapter, so one plan can span fabrics. */
export interface FabricRegistry {
  forSite(siteId: string): FabricAdapter;
  forHandle(handle: OperationHandle): FabricAdapter;
  adapters(): readonly FabricAdapter[];
}
