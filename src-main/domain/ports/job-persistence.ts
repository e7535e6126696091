// Persistence ports the orchestrator drives jobs through (docs/architecture.md, "Ports"): the job repository,
// the audit sink, job leases and the unit of work that commits their writes together. `Tx` is the adapter's
// transaction handle (the SQLite adapter passes its connection inside a group commit); the engine only hands
// it back to the same adapter, so a PostgreSQL implementation can sit behind the same ports.
import { AppError } from '../../contract/errors.ts';
import type { CleanupEntry, Job, JobStatus, JobSummary, StepNode, TestVerdict } from '../jobs/job-model.ts';
import type { FabricOperation, OperationHandle } from './fabric-port.ts';

/** Runs `work` in one transaction; resolves once it is durable, rejects (nothing written) if it was refused. */
export interface UnitOfWork<Tx> {
  /**
   * Resolves once `work` is committed. `work` may run more than once (a transaction taken again without a
   * refused neighbour, as a PostgreSQL serialization retry would): it writes only through `tx` and resets what it
   * computes at its start; memory follows in `afterCommit`, which runs once, right after the commit.
   */
  write(work: (tx: Tx) => void, afterCommit?: () => void): Promise<void>;
  /** Commits whatever is queued now (on close, and before a process hands a job over). */
  flush(): void;
  /** Commits and the writes grouped into them so far (group commit figures for the bench). */
  readonly stats: { commits: number; writes: number };
  /**
   * While queued work runs: a number naming the open transaction (unique per transaction), otherwise
   * undefined. A check whose answer holds for a whole transaction (the lease fence) is made once per number.
   */
  readonly openTransaction: number | undefined;
}

export interface JobFilter {
  status?: JobStatus;
  operation?: string;
  planId?: string;
  limit?: number;
}

/** The mutable columns of a job. */
export interface JobPatch {
  status?: JobStatus;
  phase?: string | null;
  notes?: string;
  summary?: Record<string, unknown>;
  startedAt?: string;
  endedAt?: string | null;
  cancelRequested?: boolean;
  forced?: boolean;
  verdict?: TestVerdict;
}

/**
 * A decision was taken on a revision of the job that is no longer current (compare-and-set): someone else
 * decided first, or the engine moved the job on. The engine turns it into a sentence naming what happened.
 */
export class StaleRevision extends AppError {
  readonly jobId: string;
  readonly expected: number;

  constructor(jobId: string, expected: number) {
    super('CONFLICT', `Job ${jobId} changed since revision ${expected}; look again and decide.`);
    this.name = 'StaleRevision';
    this.jobId = jobId;
    this.expected = expected;
  }
}

/**
 * Jobs, their step trees and cleanup ledgers. Reads see committed state; writes are closures run inside the
 * unit of work, each capturing its values when it is made, so a later change of the job cannot leak into it.
 */
export interface JobRepository<Tx> {
  insert(tx: Tx, job: Job, requestId?: string): void;
  /** The highest job sequence number so far (LOCK: a start refuses jobs on its machines begun after it). */
  lastSeq(): number;
  startedSince(tx: Tx, seq: number, itemIds: readonly string[]): string[];
  jobIdForRequest(requestId: string, tx?: Tx): string | undefined;
  /** LOCK: takes the machine-lock rows of `itemIds` for `jobId`; a machine another job holds is a CONFLICT. */
  lockItems(tx: Tx, jobId: string, itemIds: readonly string[]): void;
  stepWriter(jobId: string, nodes: readonly StepNode[]): (tx: Tx) => void;
  /** Compare-and-set when `revision` is given: throws StaleRevision if the job moved on. Bumps the revision. */
  jobWriter(jobId: string, patch: JobPatch, options?: { revision?: number }): (tx: Tx) => void;
  cleanupCreatedWriter(jobId: string, entry: CleanupEntry): (tx: Tx) => void;
  cleanupDeletedWriter(jobId: string, resourceId: string, at: string, by: string): (tx: Tx) => void;
  cleanup(jobId: string): CleanupEntry[];
  /** The ledger's entries created or deleted at or after `since` (a live view's changes). */
  cleanupSince(jobId: string, since: string): CleanupEntry[];
  /** The ledger's entries not deleted yet, of one kind (and machine): what a cleanup step deletes (R10). */
  openCleanup(jobId: string, kind: CleanupEntry['kind'], itemId?: string): CleanupEntry[];
  /** At most `limit` entries not deleted yet, of any kind: whether a test left anything behind (R10). */
  leftovers(jobId: string, limit: number): CleanupEntry[];
  get(jobId: string): Job | undefined;
  list(filter?: JobFilter): JobSummary[];
  inFlightJobIds(): string[];
  busyItemIds(): Set<string>;
  revision(jobId: string, tx?: Tx): number | undefined;
  status(jobId: string, tx?: Tx): JobStatus | undefined;
}

export interface AuditInput {
  at: string;
  action: string;
  jobId?: string | null;
  details?: Record<string, unknown>;
  /** The principal who decided; the console's OS user when absent. */
  actor?: string;
}

/** The tamper-evident audit trail: an entry commits in the transaction of the change it records. */
export interface AuditSink<Tx> {
  append(tx: Tx, input: AuditInput): unknown;
  /** A job's latest entries, newest first (to say which decision won a compare-and-set). */
  latestFor(jobId: string, limit: number, tx?: Tx): RecordedAudit[];
}

export interface RecordedAudit {
  at: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

export interface Lease {
  owner: string;
  epoch: number;
}

export interface LeaseState {
  owner: string | null;
  epoch: number;
  expiresAt: number | null;
}

/** A write on behalf of a lease that is no longer held: another process claimed the job (fencing). */
export class LeaseLost extends AppError {
  constructor(jobId: string) {
    super('CONFLICT', `Another console process now drives job ${jobId}; this one stopped writing to it.`);
    this.name = 'LeaseLost';
  }
}

/** Leases with fencing (docs/decisions.md, "Leases, global ids, machine locks"). Times are epoch ms. */
export interface LeaseRepository<Tx> {
  state(jobId: string): LeaseState | undefined;
  /** True when a live process holds the job's lease at `now`. */
  held(jobId: string, now: number): boolean;
  /** Claims a free or expired lease: exactly one of any number of racing processes gets it. */
  claim(jobId: string, owner: string, now: number, ttlMs: number): Lease | undefined;
  renew(tx: Tx, jobId: string, lease: Lease, now: number, ttlMs: number): boolean;
  /** Throws LeaseLost unless `lease` is still the job's lease. */
  fence(tx: Tx, jobId: string, lease: Lease): void;
  release(tx: Tx, jobId: string, lease: Lease): void;
  cancelRequested(jobId: string): boolean;
}

export type FabricCallStatus = 'intent' | 'started' | 'succeeded' | 'failed' | 'cancelled';

/** One mutating fabric call as journalled: intent before it is sent, the handle after, then its outcome. */
export interface FabricCallRecord {
  key: string;
  jobId: string;
  stepId: string;
  attempt: number;
  /** The key the current try was sent with: the step's key, or a fresh one after a try that definitely failed. */
  callKey: string;
  adapterId: string;
  operation: FabricOperation;
  target: string;
  handle: OperationHandle | null;
  status: FabricCallStatus;
  result: unknown;
}

/** The journal of fabric calls (docs/architecture.md, "Fabric operations: intent → start → handle → poll"). */
export interface FabricCallRepository<Tx> {
  get(key: string): FabricCallRecord | undefined;
  forJob(jobId: string): FabricCallRecord[];
  intentWriter(record: Omit<FabricCallRecord, 'handle' | 'status' | 'result'>, at: string): (tx: Tx) => void;
  handleWriter(key: string, handle: OperationHandle, at: string): (tx: Tx) => void;
  outcomeWriter(key: string, status: 'succeeded' | 'failed' | 'cancelled', handle: OperationHandle | null, result: unknown, at: string): (tx: Tx) => void;
}
