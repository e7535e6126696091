// Group commit (docs/decisions.md "Engine: group commit, results queued FIFO"): writes queued during one turn of the event loop are committed in one
// fsync'd transaction. One commit per transition caps a journal at ~2,100 transitions/s on this disk
// (TOOLCHAIN.md); concurrent items share commits instead, and each caller still awaits its own durability.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { log } from '../../application/log.ts';

type Work = (db: DatabaseSync) => void;

interface Pending {
  work: Work;
  afterCommit: (() => void) | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

interface Refused {
  entry: Pending;
  error: unknown;
}

export interface BatcherStats {
  commits: number;
  writes: number;
}

export class WriteBatcher {
  readonly #db: DatabaseSync;
  /** Prepared once: a batch with a refused write runs each write under its own savepoint. */
  readonly #savepoint: StatementSync;
  readonly #release: StatementSync;
  readonly #rollbackTo: StatementSync;
  #queue: Pending[] = [];
  #scheduled = false;
  #closed = false;
  #transactions = 0;
  #open: number | undefined;
  readonly stats: BatcherStats = { commits: 0, writes: 0 };

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#savepoint = db.prepare('SAVEPOINT batched_write');
    this.#release = db.prepare('RELEASE batched_write');
    this.#rollbackTo = db.prepare('ROLLBACK TO batched_write');
  }

  /**
   * Resolves once `work` is committed (WAL, synchronous=FULL); rejects if its transaction failed.
   * `afterCommit` runs synchronously right after the COMMIT, in queue order, before any other code: where
   * memory publishes what `work` wrote (commit, then publish), no reader sees disk and memory disagree.
   */
  write(work: Work, afterCommit?: () => void): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the database is closed'));
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ work, afterCommit, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // setImmediate runs after every ready continuation: all items that reached a transition share it.
        setImmediate(() => this.flush());
      }
    });
  }

  get openTransaction(): number | undefined {
    return this.#open;
  }

  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Commits everything queued now, synchronously. A write that throws (a CONFLICT, a constraint) is rolled back
   * and rejected alone; the others still commit together. The batch first runs without savepoints (a savepoint
   * and its release per write were a fifth of a plan's CPU). When a write throws, that transaction is rolled
   * back, the write is rejected with its error, and the rest of the batch runs again with a savepoint around
   * each write. So a write may run twice: writes only write through the transaction they are given (memory
   * follows in `afterCommit`) and reset what they compute at their start.
   */
  flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    if (batch.length === 0) return;
    this.#queue = [];
    const refused: Refused[] = [];
    let committed: Pending[];
    try {
      committed = this.#withoutSavepoints(batch, refused) ?? this.#withSavepoints(batch.filter((entry) => entry !== refused[0]?.entry), refused);
    } catch (error) {
      // The transaction itself failed (BEGIN or COMMIT): nothing of the batch is durable.
      for (const entry of batch) {
        const own = refused.find((refusal) => refusal.entry === entry);
        entry.reject(own ? own.error : error);
      }
      return;
    }
    for (const { entry, error } of refused) entry.reject(error);
    if (committed.length === 0) return;
    this.stats.commits += 1;
    this.stats.writes += committed.length;
    for (const entry of committed) {
      try {
        entry.afterCommit?.();
      } catch (error) {
        // Durable all the same: the writer is told it committed; memory catches up at its next read.
        log.error('publishing a committed write failed', { error });
      }
    }
    for (const entry of committed) entry.resolve();
  }

  /** The batch in one transaction; at the first write that throws, rolled back and that refusal recorded. */
  #withoutSavepoints(batch: readonly Pending[], refused: Refused[]): Pending[] | undefined {
    return this.#transaction(() => {
      for (const entry of batch) {
        try {
          entry.work(this.#db);
        } catch (error) {
          refused.push({ entry, error });
          if (this.#db.isTransaction) this.#db.exec('ROLLBACK'); // an I/O error may have ended it already
          return undefined;
        }
      }
      return [...batch];
    });
  }

  /** The batch in one transaction, each write under its own savepoint: one that throws is rolled back alone. */
  #withSavepoints(batch: readonly Pending[], refused: Refused[]): Pending[] {
    return this.#transaction(() => {
      const committed: Pending[] = [];
      for (const entry of batch) {
        this.#savepoint.run();
        try {
          entry.work(this.#db);
          this.#release.run();
          committed.push(entry);
        } catch (error) {
          this.#rollbackTo.run();
          this.#release.run();
          refused.push({ entry, error });
        }
      }
      return committed;
    });
  }

  /** BEGIN IMMEDIATE, `run`, COMMIT unless `run` already ended the transaction (gave up on the batch). */
  #transaction<T>(run: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    this.#transactions += 1;
    this.#open = this.#transactions;
    try {
      const result = run();
      if (this.#db.isTransaction) this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    } finally {
      this.#open = undefined;
    }
  }

  /** Commits what is queued and refuses further writes (before the database closes). */
  close(): void {
    this.flush();
    this.#closed = true;
  }
}
