// The audit trail: append-only, hash-chained. Each entry carries the SHA-256 of the previous
// one, so an edited, inserted or deleted entry breaks the chain at the first place it was touched.
import { createHash } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AuditVerdict } from '../../contract/audit.ts';
import type { AuditInput, AuditSink, RecordedAudit } from '../../domain/ports/job-persistence.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  jobId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type { AuditVerdict };

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([entry.seq, entry.at, entry.actor, entry.action, entry.jobId, entry.details, entry.prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The audit actions that tell a step's history (what the runner and the operators did to it). */
export const STEP_HISTORY_ACTIONS = ['step.failed', 'step.outcome-unknown', 'step.cancelled-in-flight', 'step.succeeded', 'step.marked-done', 'step.skipped-on-cancel', 'job.retried'] as const;

/**
 * Appends inside the caller's transaction. The previous hash is read in that transaction, so two processes
 * (CLI and desktop) appending to one database still form a single chain.
 */
export class AuditLog implements AuditSink<DatabaseSync> {
  readonly #actor: string;
  /** Reads outside a transaction (latestFor) use this connection. */
  readonly #db: DatabaseSync | undefined;
  #last: StatementSync | undefined;
  #insert: StatementSync | undefined;

  /** `actor`: who acts when an entry names nobody (the console's OS user, given by the composition root). */
  constructor(actor: string, db?: DatabaseSync) {
    this.#actor = actor;
    this.#db = db;
  }

  /** Walks the whole chain (verifyAuditLog) on the log's own connection. */
  verify(): AuditVerdict {
    if (!this.#db) throw new Error('AuditLog.verify needs a connection: construct the log with one.');
    return verifyAuditLog(this.#db);
  }

  latestFor(jobId: string, limit: number, tx?: DatabaseSync): RecordedAudit[] {
    return this.#read(tx, 'latestFor', 'SELECT at, actor, action, details_json FROM audit_log WHERE job_id = ? ORDER BY seq DESC LIMIT ?', jobId, limit);
  }

  /**
   * One step's history, oldest first: each attempt's end (failed, outcome unknown, cancelled under way,
   * succeeded), and each decision on it (retried, marked done) with who took it and their note.
   */
  stepHistory(jobId: string, stepId: string): RecordedAudit[] {
    return this.#read(
      undefined,
      'stepHistory',
      `SELECT at, actor, action, details_json FROM audit_log INDEXED BY audit_log_job WHERE job_id = ?
         AND action IN (${STEP_HISTORY_ACTIONS.map((action) => `'${action}'`).join(', ')})
         AND (json_extract(details_json, '$.stepId') = ? OR (action = 'job.retried' AND EXISTS (SELECT 1 FROM json_each(details_json, '$.steps') WHERE value = ?)))
       ORDER BY seq`,
      jobId,
      stepId,
      stepId,
    );
  }

  /** The job's latest step failures (failed, outcome unknown, cancelled under way), newest first. */
  failuresOf(jobId: string, limit: number): RecordedAudit[] {
    return this.#read(
      undefined,
      'failuresOf',
      `SELECT at, actor, action, details_json FROM audit_log INDEXED BY audit_log_failures WHERE job_id = ?
         AND action IN ('step.failed', 'step.outcome-unknown', 'step.cancelled-in-flight') ORDER BY seq DESC LIMIT ?`,
      jobId,
      limit,
    );
  }

  /** Entries as recorded, on the transaction's connection when given, else the log's own. */
  #read(tx: DatabaseSync | undefined, reader: string, sql: string, ...params: (string | number)[]): RecordedAudit[] {
    const db = tx ?? this.#db;
    if (!db) throw new Error(`AuditLog.${reader} needs a connection: construct the log with one or pass the transaction.`);
    const rows = db.prepare(sql).all(...params) as unknown as { at: string; actor: string; action: string; details_json: string }[];
    return rows.map((row) => ({ at: row.at, actor: row.actor, action: row.action, details: JSON.parse(row.details_json) as Record<string, unknown> }));
  }

  append(db: DatabaseSync, input: AuditInput): AuditEntry {
    this.#last ??= db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.#insert ??= db.prepare(
      'INSERT INTO audit_log (seq, at, actor, action, job_id, details_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const last = this.#last.get() as { seq: number; hash: string } | undefined;
    const base = {
      seq: (last?.seq ?? 0) + 1,
      at: input.at,
      actor: input.actor ?? this.#actor,
      action: input.action,
      jobId: input.jobId ?? null,
      details: input.details ?? {},
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...base, hash: entryHash(base) };
    this.#insert.run(entry.seq, entry.at, entry.actor, entry.action, entry.jobId, JSON.stringify(entry.details), entry.prevHash, entry.hash);
    return entry;
  }
}

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  job_id: string | null;
  details_json: string;
  prev_hash: string;
  hash: string;
}

/** Walks the chain from the first entry; reports the first entry edited, inserted or deleted. */
export function verifyAuditLog(db: DatabaseSync): AuditVerdict {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (const raw of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate()) {
    const row = raw as unknown as AuditRow;
    count += 1;
    if (row.seq !== expectedSeq || row.prev_hash !== prevHash) {
      return {
        ok: false,
        entries: count,
        firstBad: { seq: row.seq, problem: 'inserted-or-deleted' },
        message: `Audit entry ${row.seq} does not follow entry ${expectedSeq - 1}: an entry was inserted or deleted there.`,
      };
    }
    let details: Record<string, unknown>;
    try {
      details = JSON.parse(row.details_json) as Record<string, unknown>;
    } catch {
      details = { unparsable: row.details_json };
    }
    const recomputed = entryHash({
      seq: row.seq,
      at: row.at,
      actor: row.actor,
      action: row.action,
      jobId: row.job_id,
      details,
      prevHash: row.prev_hash,
    });
    if (recomputed !== row.hash) {
      return { ok: false, entries: count, firstBad: { seq: row.seq, problem: 'edited' }, message: `Audit entry ${row.seq} was edited after it was written.` };
    }
    prevHash = row.hash;
    expectedSeq += 1;
  }
  return { ok: true, entries: count, message: `The audit trail is intact: ${count} entries, each chained to the previous one.` };
}
