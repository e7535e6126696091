// Durable timers in SQLite. A timer is claimed by the one UPDATE that sets `fired_at` where it is still
// NULL, in the same transaction as its handler's effect: two processes sharing the database never both fire
// one, and a crash before the commit leaves it due (docs/decisions.md, "Durable timers").
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Timer, TimerRecord, TimerRepository } from '../../domain/ports/timer-port.ts';
import { StatementCache } from './statement-cache.ts';

export type { Timer, TimerRecord };

interface TimerRow {
  id: string;
  kind: string;
  job_id: string | null;
  due_at: string;
  payload_json: string;
  created_at: string;
  fired_at: string | null;
  fired_by: string | null;
  outcome: string | null;
  attempts: number;
  last_error: string | null;
}

function fromRow(row: TimerRow): TimerRecord {
  return {
    id: row.id,
    kind: row.kind,
    jobId: row.job_id,
    dueAt: row.due_at,
    payload: JSON.parse(row.payload_json) as Record<string, unknown>,
    createdAt: row.created_at,
    attempts: row.attempts,
    firedAt: row.fired_at,
    firedBy: row.fired_by,
    outcome: row.outcome,
    lastError: row.last_error,
  };
}

export class TimerStore implements TimerRepository<DatabaseSync> {
  readonly #db: DatabaseSync;
  readonly #cache: StatementCache;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#cache = new StatementCache(db);
  }

  #prepare(db: DatabaseSync, sql: string): StatementSync {
    return this.#cache.get(sql, db);
  }

  /** Inside the caller's transaction. A timer with this id already scheduled is kept as it is. */
  insert(db: DatabaseSync, timer: Omit<Timer, 'attempts'>): void {
    this.#prepare(
      db,
      `INSERT INTO timers (id, kind, job_id, due_at, payload_json, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    ).run(timer.id, timer.kind, timer.jobId, timer.dueAt, JSON.stringify(timer.payload), timer.createdAt);
  }

  /** Unfired timers due at or before `at`, oldest first. Reads only. */
  due(at: string, limit = 100): Timer[] {
    const rows = this.#prepare(this.#db, 'SELECT * FROM timers WHERE fired_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?').all(at, limit) as unknown as TimerRow[];
    return rows.map(fromRow);
  }

  /** Claims a due timer for `owner`: true for exactly one caller, however many processes try. */
  claim(db: DatabaseSync, id: string, at: string, owner: string): boolean {
    const result = this.#prepare(db, 'UPDATE timers SET fired_at = ?, fired_by = ?, attempts = attempts + 1 WHERE id = ? AND fired_at IS NULL AND due_at <= ?').run(at, owner, id, at);
    return Number(result.changes) === 1;
  }

  complete(db: DatabaseSync, id: string, outcome: string): void {
    this.#prepare(db, 'UPDATE timers SET outcome = ?, last_error = NULL WHERE id = ?').run(outcome, id);
  }

  /** Puts a claimed timer back, due again at `dueAt` (its handler could not act yet). */
  reschedule(db: DatabaseSync, id: string, dueAt: string, reason: string): void {
    this.#prepare(db, 'UPDATE timers SET fired_at = NULL, fired_by = NULL, due_at = ?, last_error = ? WHERE id = ?').run(dueAt, reason, id);
  }

  /** A handler that threw: its effect and the claim were rolled back; the attempt and error are kept. */
  failed(db: DatabaseSync, id: string, error: string): void {
    this.#prepare(db, 'UPDATE timers SET attempts = attempts + 1, last_error = ? WHERE id = ? AND fired_at IS NULL').run(error, id);
  }

  get(id: string): TimerRecord | undefined {
    const row = this.#prepare(this.#db, 'SELECT * FROM timers WHERE id = ?').get(id) as TimerRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  forJob(jobId: string): TimerRecord[] {
    return (this.#prepare(this.#db, 'SELECT * FROM timers WHERE job_id = ? ORDER BY due_at, id').all(jobId) as unknown as TimerRow[]).map(fromRow);
  }
}
