// Leases with fencing (docs/decisions.md, "Leases, global ids, machine locks"): a running job is driven by
// the process holding its lease (owner, epoch, expiry), renewed by a heartbeat. Process ids are not used:
// they are reused after a reboot, so a dead owner could look alive forever. An expired lease is claimed
// by one atomic UPDATE … WHERE lease_epoch = ?, which bumps the epoch: of any number of racing processes,
// exactly one changes the row. Every journal write checks (owner, epoch), so a stale owner cannot write.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { LeaseLost, type Lease, type LeaseRepository, type LeaseState } from '../../domain/ports/job-persistence.ts';
import { StatementCache } from './statement-cache.ts';

export class JobLeases implements LeaseRepository<DatabaseSync> {
  readonly #db: DatabaseSync;
  readonly #cache: StatementCache;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#cache = new StatementCache(db);
  }

  #prepare(db: DatabaseSync, sql: string): StatementSync {
    return this.#cache.get(sql, db);
  }

  state(jobId: string): LeaseState | undefined {
    const row = this.#prepare(this.#db, 'SELECT lease_owner, lease_epoch, lease_expires_at FROM jobs WHERE id = ?').get(jobId) as
      | { lease_owner: string | null; lease_epoch: number; lease_expires_at: number | null }
      | undefined;
    return row && { owner: row.lease_owner, epoch: row.lease_epoch, expiresAt: row.lease_expires_at };
  }

  /** True when a live process holds the job's lease at `now`. */
  held(jobId: string, now: number): boolean {
    const state = this.state(jobId);
    return state !== undefined && state.owner !== null && (state.expiresAt ?? 0) > now;
  }

  /**
   * Claims the job when its lease is free, expired or already `owner`'s: one autocommit UPDATE that names the
   * epoch it read, so exactly one of several racing claimers wins. Returns the new lease, or undefined.
   */
  claim(jobId: string, owner: string, now: number, ttlMs: number): Lease | undefined {
    const state = this.state(jobId);
    if (!state) return undefined;
    if (state.owner !== null && state.owner !== owner && (state.expiresAt ?? 0) > now) return undefined;
    const result = this.#db
      .prepare('UPDATE jobs SET lease_owner = ?, lease_epoch = lease_epoch + 1, lease_expires_at = ? WHERE id = ? AND lease_epoch = ?')
      .run(owner, now + ttlMs, jobId, state.epoch);
    return Number(result.changes) === 1 ? { owner, epoch: state.epoch + 1 } : undefined;
  }

  /** Heartbeat (in the caller's transaction): extends the lease; false when it is no longer ours. */
  renew(db: DatabaseSync, jobId: string, lease: Lease, now: number, ttlMs: number): boolean {
    const result = this.#prepare(db, 'UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? AND lease_epoch = ?').run(now + ttlMs, jobId, lease.owner, lease.epoch);
    return Number(result.changes) === 1;
  }

  /** Throws LeaseLost unless (owner, epoch) still hold the job: called inside every journal write. */
  fence(db: DatabaseSync, jobId: string, lease: Lease): void {
    const row = this.#prepare(db, 'SELECT lease_owner, lease_epoch FROM jobs WHERE id = ?').get(jobId) as { lease_owner: string | null; lease_epoch: number } | undefined;
    if (!row || row.lease_owner !== lease.owner || row.lease_epoch !== lease.epoch) throw new LeaseLost(jobId);
  }

  /** Gives the lease up (the job rests or this process closes); a no-op when it is no longer ours. */
  release(db: DatabaseSync, jobId: string, lease: Lease): void {
    this.#prepare(db, 'UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ? AND lease_epoch = ?').run(jobId, lease.owner, lease.epoch);
  }

  /** Whether an operator asked to cancel the job (read by the owner's heartbeat, from whichever process). */
  cancelRequested(jobId: string): boolean {
    const row = this.#prepare(this.#db, 'SELECT cancel_requested FROM jobs WHERE id = ?').get(jobId) as { cancel_requested: number } | undefined;
    return row?.cancel_requested === 1;
  }
}
