// The migrations exactly as the version before named SQL migrations wrote them (the function form), so a
// test can build the database that version created. A record, not a migration list: never edit it.
import type { FunctionMigration } from '../adapters/sqlite/migrations.ts';

export const PREVIOUS_VERSION_MIGRATIONS: readonly FunctionMigration[] = [
  {
    id: '0001-preferences',
    up: (db) => {
      db.exec(`CREATE TABLE preferences (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT`);
    },
  },
  {
    id: '0100-connections',
    up: (db) => {
      db.exec(`CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind TEXT NOT NULL,
        address TEXT NOT NULL,
        user_name TEXT NOT NULL,
        site_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`);
    },
  },
  {
    id: '0101-certificates',
    up: (db) => {
      db.exec(`CREATE TABLE certificates (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        format TEXT NOT NULL,
        thumbprint TEXT NOT NULL UNIQUE,
        subject TEXT NOT NULL,
        issuer TEXT NOT NULL,
        serial_number TEXT NOT NULL,
        not_before TEXT NOT NULL,
        not_after TEXT NOT NULL,
        key_usage TEXT NOT NULL,
        has_private_key INTEGER NOT NULL,
        der BLOB NOT NULL,
        pfx_file TEXT,
        imported_at TEXT NOT NULL
      ) STRICT`);
      db.exec(`CREATE TABLE certificate_bindings (
        scope_id TEXT PRIMARY KEY,
        certificate_id TEXT NOT NULL REFERENCES certificates(id) ON DELETE RESTRICT,
        bound_at TEXT NOT NULL
      ) STRICT`);
    },
  },
  {
    id: '0200-live-estate',
    up: (db) => {
      // One row per estate entity (kind: meta | site | item | plan), seeded from the lab file on first open.
      db.exec(`CREATE TABLE estate_doc (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) STRICT`);
    },
  },
  {
    id: '0201-lab-fabric',
    up: (db) => {
      db.exec(`CREATE TABLE lab_ops (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL,
        operation TEXT NOT NULL,
        item_id TEXT,
        outcome TEXT NOT NULL,
        at TEXT NOT NULL,
        result_json TEXT
      ) STRICT`);
      // An idempotency key is applied at most once, so a process killed mid-call repeats no fabric operation.
      db.exec(`CREATE UNIQUE INDEX lab_ops_applied_key ON lab_ops (key) WHERE outcome = 'ok'`);
      db.exec(`CREATE TABLE lab_faults (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        operation TEXT,
        mode TEXT NOT NULL,
        seconds REAL,
        consumed INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      ) STRICT`);
      db.exec(`CREATE TABLE lab_resources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        item_id TEXT,
        network_id TEXT,
        created_key TEXT NOT NULL,
        data_json TEXT
      ) STRICT`);
      db.exec(`CREATE TABLE lab_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT`);
    },
  },
  {
    id: '0202-jobs',
    up: (db) => {
      db.exec(`CREATE TABLE jobs (
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
      ) STRICT`);
      db.exec('CREATE INDEX jobs_status ON jobs (status)');
      db.exec(`CREATE TABLE job_steps (
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
      ) STRICT`);
      db.exec(`CREATE TABLE job_cleanup (
        job_id TEXT NOT NULL REFERENCES jobs (id),
        resource_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        item_id TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        deleted_at TEXT,
        deleted_by TEXT,
        PRIMARY KEY (job_id, resource_id)
      ) STRICT`);
    },
  },
  {
    id: '0203-audit-log',
    up: (db) => {
      db.exec(`CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        job_id TEXT,
        details_json TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT`);
    },
  },
];
