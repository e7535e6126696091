// The intent journal of fabric calls (docs/decisions.md "Runner on fabric port v2"): an intent is durable
// before the call is sent, the handle before the runner waits on it, so a new process after a crash (or a
// lost answer) reconciles — polls the handle, or looks the key up — instead of sending again blindly.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Migration } from './migrations.ts';
import type { FabricOperation, OperationHandle } from '../../domain/ports/fabric-port.ts';
import type { FabricCallRecord, FabricCallRepository, FabricCallStatus } from '../../domain/ports/job-persistence.ts';
import { StatementCache } from './statement-cache.ts';

export const FABRIC_CALL_MIGRATIONS: readonly Migration[] = [
  {
    id: '0220-fabric-calls',
    sql: {
      sqlite: `CREATE TABLE fabric_calls (
        key TEXT PRIMARY KEY,
        job_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        call_key TEXT NOT NULL,
        adapter_id TEXT NOT NULL,
        operation_json TEXT NOT NULL,
        target TEXT NOT NULL,
        handle_json TEXT,
        status TEXT NOT NULL,
        result_json TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX fabric_calls_job ON fabric_calls (job_id);`,
    },
  },
];

interface Row {
  key: string;
  job_id: string;
  step_id: string;
  attempt: number;
  call_key: string;
  adapter_id: string;
  operation_json: string;
  target: string;
  handle_json: string | null;
  status: FabricCallStatus;
  result_json: string | null;
}

type Write = (db: DatabaseSync) => void;

/** The SQLite journal of fabric calls. */
export class FabricCallStore implements FabricCallRepository<DatabaseSync> {
  readonly #db: DatabaseSync;
  readonly #cache: StatementCache;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#cache = new StatementCache(db);
  }

  get(key: string): FabricCallRecord | undefined {
    const row = this.#sql(this.#db, 'SELECT * FROM fabric_calls WHERE key = ?').get(key) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  forJob(jobId: string): FabricCallRecord[] {
    return (this.#sql(this.#db, 'SELECT * FROM fabric_calls WHERE job_id = ? ORDER BY key').all(jobId) as unknown as Row[]).map(toRecord);
  }

  /** The intent: written (and committed) before the call is sent. A later try of the same key replaces it. */
  intentWriter(record: Omit<FabricCallRecord, 'handle' | 'status' | 'result'>, at: string): Write {
    return (db) => {
      this.#sql(
        db,
        `INSERT INTO fabric_calls (key, job_id, step_id, attempt, call_key, adapter_id, operation_json, target, handle_json, status, result_json, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 'intent', NULL, ?)
         ON CONFLICT (key) DO UPDATE SET call_key = excluded.call_key, adapter_id = excluded.adapter_id, handle_json = NULL, status = 'intent', result_json = NULL, updated_at = excluded.updated_at`,
      ).run(record.key, record.jobId, record.stepId, record.attempt, record.callKey, record.adapterId, JSON.stringify(record.operation), record.target, at);
    };
  }

  handleWriter(key: string, handle: OperationHandle, at: string): Write {
    return (db) => {
      this.#sql(db, "UPDATE fabric_calls SET handle_json = ?, status = 'started', updated_at = ? WHERE key = ?").run(JSON.stringify(handle), at, key);
    };
  }

  outcomeWriter(key: string, status: 'succeeded' | 'failed' | 'cancelled', handle: OperationHandle | null, result: unknown, at: string): Write {
    return (db) => {
      this.#sql(db, 'UPDATE fabric_calls SET status = ?, handle_json = coalesce(?, handle_json), result_json = ?, updated_at = ? WHERE key = ?').run(
        status,
        handle ? JSON.stringify(handle) : null,
        result === undefined ? null : JSON.stringify(result),
        at,
        key,
      );
    };
  }

  // Statements are prepared per connection: the batcher runs writes on the connection it was given.
  #sql(db: DatabaseSync, text: string): StatementSync {
    return this.#cache.get(text, db);
  }
}

function toRecord(row: Row): FabricCallRecord {
  return {
    key: row.key,
    jobId: row.job_id,
    stepId: row.step_id,
    attempt: row.attempt,
    callKey: row.call_key,
    adapterId: row.adapter_id,
    operation: JSON.parse(row.operation_json) as FabricOperation,
    target: row.target,
    handle: row.handle_json ? (JSON.parse(row.handle_json) as OperationHandle) : null,
    status: row.status,
    result: row.result_json === null ? undefined : (JSON.parse(row.result_json) as unknown),
  };
}
