// Group commit (docs/decisions.md "Engine: group commit, results queued FIFO"): writes queued during one turn of the event loop are committed in one
// fsync'd transaction. One commit per transition caps a journal at ~2,100 transitions/s on this disk
// (TOOLCHAIN.md); concurrent items share commits instead, and each caller still awaits its own durability.
import type { DatabaseSync, StatementSync } from 'node:sqlite';

type Work = (db: DatabaseSync) => void;

interface Pending {
  work: Work;
  afterCommit: (() => void) | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

export interface BatcherStats {
  commits: number;
  writes: number;
}

export class WriteBatcher {
  readonly #db: DatabaseSync;
  /** Prepared once: every write of every batch runs under its own savepoint (tens of thousands per plan). */
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
   * Commits everything queued now, synchronously. Each write runs under its own SAVEPOINT: one that throws
   * (a CONFLICT, a constraint) is rolled back and rejected alone; the others still commit together.
   */
  flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    if (batch.length === 0) return;
    this.#queue = [];
    const committed: Pending[] = [];
    const refused: { entry: Pending; error: unknown }[] = [];
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      this.#transactions += 1;
      this.#open = this.#transactions;
      try {
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
        this.#db.exec('COMMIT');
      } catch (error) {
        if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
        throw error;
      } finally {
        this.#open = undefined;
      }
    } catch (error) {
      // The transaction itself failed (BEGIN or COMMIT): nothing of the batch is durable.
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const { entry, error } of refused) entry.reject(error);
    if (committed.length === 0) return;
    this.stats.commits += 1;
    this.stats.writes += committed.length;
    for (const entry of committed) entry.afterCommit?.();
    for (const entry of committed) entry.resolve();
  }

  /** Commits what is queued and refuses further writes (before the database closes). */
  close(): void {
    this.flush();
    this.#closed = true;
  }
}
