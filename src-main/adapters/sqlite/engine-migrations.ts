// The orchestration engine's tables: the live estate, the lab fabric, jobs with their step
// trees and cleanup ledgers, and the hash-chained audit trail. Ids carry the engine's 0200- prefix.
import type { Migration } from './migrations.ts';

export const ENGINE_MIGRATIONS: readonly Migration[] = [
  {
    id: '0200-live-estate',
    sql: {
      sqlite: `-- One row per estate entity (kind: meta | site | item | plan), seeded from the lab file on first open.
      CREATE TABLE estate_doc (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) STRICT`,
    },
  },
  {
    id: '0201-lab-fabric',
    sql: {
      sqlite: `CREATE TABLE lab_ops (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL,
        operation TEXT NOT NULL,
        item_id TEXT,
        outcome TEXT NOT NULL,
        at TEXT NOT NULL,
        result_json TEXT
      ) STRICT;
      -- An idempotency key is applied at most once, so a resumed job repeats no fabric operation (docs/decisions.md, "Engine: idempotency keys are jobId/stepPath#attempt").
      CREATE UNIQUE INDEX lab_ops_applied_key ON lab_ops (key) WHERE outcome = 'ok';
      CREATE TABLE lab_faults (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        operation TEXT,
        mode TEXT NOT NULL,
        seconds REAL,
        consumed INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE lab_resources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        item_id TEXT,
        network_id TEXT,
        created_key TEXT NOT NULL,
        data_json TEXT
      ) STRICT;
      CREATE TABLE lab_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT`,
    },
  },
  {
    id: '0202-jobs',
    sql: {
      sqlite: `CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        operation TEXT NOT NULL,
        status TEXT NOT NULL,
        phase TEXT,
        request_json TEXT NOT NULL,
        scope_name TEXT NOT NULL,
        plan_id TEXT,
        item_ids_json TEXT NOT NULL,
        failure_policy TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        summary_json TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        forced INTEGER NOT NULL DEFAULT 0,
        owner_pid INTEGER,
        owner_token TEXT
      ) STRICT;
      CREATE INDEX jobs_status ON jobs (status);
      CREATE TABLE job_steps (
        job_id TEXT NOT NULL REFERENCES jobs (id),
        id TEXT NOT NULL,
        parent_id TEXT,
        ordinal INTEGER NOT NULL,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        item_id TEXT,
        spec_json TEXT NOT NULL,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 1,
        started_at TEXT,
        ended_at TEXT,
        error TEXT,
        output TEXT,
        result_json TEXT,
        note TEXT,
        PRIMARY KEY (job_id, id)
      ) STRICT;
      CREATE TABLE job_cleanup (
        job_id TEXT NOT NULL REFERENCES jobs (id),
        resource_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        item_id TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        deleted_at TEXT,
        deleted_by TEXT,
        PRIMARY KEY (job_id, resource_id)
      ) STRICT`,
    },
  },
  {
    id: '0203-audit-log',
    sql: {
      sqlite: `CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        job_id TEXT,
        details_json TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT`,
    },
  },
  {
    // Compare-and-set decisions (docs/decisions.md, "Leases, global ids, machine locks"): every job-level
    // change bumps `revision`; a decision names the revision it was taken on. A client request id makes a
    // retried or double-clicked start answer the one job it created.
    id: '0210-job-revision-and-request-id',
    sql: {
      sqlite: `
      ALTER TABLE jobs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN request_id TEXT;
      CREATE UNIQUE INDEX jobs_request_id ON jobs (request_id) WHERE request_id IS NOT NULL;
      CREATE INDEX jobs_seq ON jobs (seq);
      `,
    },
  },
  {
    // Leases with fencing replace process-id liveness: a process id is reused after a reboot, a lease expires.
    // Claiming bumps the epoch; every journal write checks it (a stale owner's write is refused).
    id: '0211-job-leases',
    sql: {
      sqlite: `
      ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
      ALTER TABLE jobs ADD COLUMN lease_epoch INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN lease_expires_at INTEGER;
      ALTER TABLE jobs DROP COLUMN owner_pid;
      ALTER TABLE jobs DROP COLUMN owner_token;
      `,
    },
  },
  {
    // One operation at a time per machine (LOCK) as rows: the primary key refuses a second job on a machine in
    // the very transaction that inserts the job, in whichever process it runs.
    id: '0212-job-item-locks',
    sql: {
      sqlite: `
      CREATE TABLE job_item_locks (
        item_id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs (id)
      ) STRICT;
      CREATE INDEX job_item_locks_job ON job_item_locks (job_id);
      INSERT OR IGNORE INTO job_item_locks (item_id, job_id)
        SELECT item.value, jobs.id FROM jobs, json_each(jobs.item_ids_json) AS item
        WHERE jobs.status IN ('queued', 'running', 'waiting-for-operator') ORDER BY jobs.seq;
      `,
    },
  },
  {
    // R10's cleanup asks for the resources still open of one kind (and machine): each delete step finds its
    // own in the index, so cleaning up n machines reads n rows, not n ledgers of n rows.
    id: '0240-job-cleanup-open-index',
    sql: {
      sqlite: `CREATE INDEX job_cleanup_open ON job_cleanup (job_id, kind, item_id) WHERE deleted_at IS NULL`,
    },
  },
  {
    // A live view asks for the ledger entries created or deleted since its last look: two index ranges.
    id: '0241-job-cleanup-change-indexes',
    sql: {
      sqlite: `CREATE INDEX job_cleanup_created ON job_cleanup (job_id, created_at);
      CREATE INDEX job_cleanup_deleted ON job_cleanup (job_id, deleted_at) WHERE deleted_at IS NOT NULL`,
    },
  },
  {
    // A step's history (every attempt, its error, who retried or marked it done) is read from one job's entries.
    id: '0250-audit-log-by-job',
    sql: {
      sqlite: `CREATE INDEX audit_log_job ON audit_log (job_id, seq)`,
    },
  },
  {
    // R10: the operator's verdict on a test failover, recorded at Complete Test.
    id: '0251-job-test-verdict',
    sql: {
      sqlite: `ALTER TABLE jobs ADD COLUMN verdict TEXT`,
    },
  },
  {
    // The timeline's failures are re-read with every outline: their own index, not a walk of the job's trail.
    id: '0252-audit-log-failures',
    sql: {
      sqlite: `CREATE INDEX audit_log_failures ON audit_log (job_id, seq) WHERE action IN ('step.failed', 'step.outcome-unknown', 'step.cancelled-in-flight')`,
    },
  },
];
