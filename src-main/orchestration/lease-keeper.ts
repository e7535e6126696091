// The leases this process holds on the jobs it drives (docs/decisions.md, "Leases, global ids, machine
// locks"): claimed before a job is driven, renewed by a heartbeat, checked by every journal write (fence),
// released when the job rests or the process closes. A crashed process's leases simply expire.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { log } from '../application/log.ts';
import { LeaseLost, type Lease, type LeaseRepository, type UnitOfWork } from '../domain/ports/job-persistence.ts';

export interface LeaseOptions {
  /** How long a lease lasts without a heartbeat (default 30 s). */
  ttlMs?: number;
  /** How often the holder renews it (default 5 s; well under ttlMs). */
  heartbeatMs?: number;
  /** Milliseconds since the epoch (defaults to the engine's clock). */
  now?: () => number;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;
export const DEFAULT_HEARTBEAT_MS = 5_000;

export interface HeartbeatReport {
  /** Jobs whose lease another process took: their runners must stop as a crash would. */
  lost: string[];
  /** Jobs an operator (in any process) asked to cancel. */
  cancelRequested: string[];
}

export class LeaseKeeper<Tx> {
  /** Who this process is in the jobs table: readable for an operator, unique per engine instance. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  readonly ttlMs: number;
  readonly heartbeatMs: number;
  readonly #leases: LeaseRepository<Tx>;
  readonly #batcher: UnitOfWork<Tx>;
  /** The transaction in which each job's lease was last found ours. */
  readonly #fencedIn = new Map<string, number>();
  readonly #now: () => number;
  readonly #held = new Map<string, Lease>();
  readonly #lost = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(leases: LeaseRepository<Tx>, batcher: UnitOfWork<Tx>, now: () => number, options: LeaseOptions = {}) {
    this.#leases = leases;
    this.#batcher = batcher;
    this.#now = options.now ?? now;
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.heartbeatMs = options.heartbeatMs ?? Math.min(DEFAULT_HEARTBEAT_MS, Math.max(10, Math.floor(this.ttlMs / 6)));
  }

  get store(): LeaseRepository<Tx> {
    return this.#leases;
  }

  now(): number {
    return this.#now();
  }

  /** Claims the job for this process (atomic; exactly one of several racing processes wins). */
  claim(jobId: string): boolean {
    const lease = this.#leases.claim(jobId, this.owner, this.#now(), this.ttlMs);
    if (!lease) return false;
    this.#held.set(jobId, lease);
    this.#fencedIn.delete(jobId);
    this.#lost.delete(jobId);
    return true;
  }

  /** Whether another process took the job from this one since it was claimed. */
  lost(jobId: string): boolean {
    return this.#lost.has(jobId);
  }

  /** Inside a write transaction: throws LeaseLost (and remembers it) when the job is no longer ours. */
  fence(db: Tx, jobId: string): void {
    const lease = this.#held.get(jobId);
    // Within one transaction the answer cannot change (no other process can write while we hold it, and this
    // one changes a lease only by claiming or releasing it), so the job's row is read once per transaction.
    const open = this.#batcher.openTransaction;
    if (lease && open !== undefined && this.#fencedIn.get(jobId) === open) return;
    try {
      if (!lease) throw new LeaseLost(jobId);
      this.#leases.fence(db, jobId, lease);
      if (open !== undefined) this.#fencedIn.set(jobId, open);
    } catch (error) {
      this.#lost.add(jobId);
      throw error;
    }
  }

  /** Gives the job's lease up once the job rests. */
  async release(jobId: string): Promise<void> {
    const lease = this.#held.get(jobId);
    this.#held.delete(jobId);
    this.#fencedIn.delete(jobId);
    if (lease) await this.#batcher.write((db) => this.#leases.release(db, jobId, lease));
  }

  /**
   * On close: the write that frees every lease this process holds now, and what memory forgets once it
   * committed (writes queued before it in the same commit are still fenced by these leases).
   */
  releaseAll(): { work: (db: Tx) => void; afterCommit: () => void } {
    const held = [...this.#held];
    return {
      work: (db) => {
        for (const [jobId, lease] of held) {
          this.#leases.release(db, jobId, lease);
          this.#fencedIn.delete(jobId); // a write after this one in the same commit checks the lease row again
        }
      },
      afterCommit: () => {
        for (const [jobId] of held) this.#held.delete(jobId);
      },
    };
  }

  /** Starts the heartbeat; `onBeat` hears which jobs were lost or asked to cancel. */
  start(onBeat: (report: HeartbeatReport) => void): void {
    this.#timer ??= setInterval(() => {
      void this.beat().then(onBeat, (error: unknown) => log.warn('lease heartbeat failed', { error }));
    }, this.heartbeatMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Renews every held lease in one commit and reads the cancel flags (exposed for tests). */
  async beat(): Promise<HeartbeatReport> {
    const held = [...this.#held];
    const report: HeartbeatReport = { lost: [], cancelRequested: [] };
    if (held.length === 0) return report;
    const now = this.#now();
    await this.#batcher.write((db) => {
      report.lost = []; // a write may run twice (write-batcher.ts): only its last run counts
      for (const [jobId, lease] of held) if (!this.#leases.renew(db, jobId, lease, now, this.ttlMs)) report.lost.push(jobId);
    });
    for (const jobId of report.lost) {
      this.#lost.add(jobId);
      this.#held.delete(jobId);
      this.#fencedIn.delete(jobId);
    }
    for (const [jobId] of held) if (!report.lost.includes(jobId) && this.#leases.cancelRequested(jobId)) report.cancelRequested.push(jobId);
    return report;
  }
}
