// The lab's own database (lab.sqlite in the data directory): the lab is a fabric service beside the engine
// and shares no transaction with it (docs/decisions.md "The lab as a separate fabric service"). Its
// migrations are its own list, ids `lab-NNNN-…`, applied by the same migrate() as the engine's.
import type { Migration } from '../sqlite/migrations.ts';

export const LAB_DATABASE_FILE_NAME = 'lab.sqlite';

export const LAB_MIGRATIONS: readonly Migration[] = [
  {
    id: 'lab-0001-lab-service',
    sql: {
      sqlite: `
      -- The lab's inventory: one row per entity (kind: meta | site | item), seeded on first open.
      CREATE TABLE lab_doc (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) STRICT;
      -- Operations as a remote service keeps them: started under an idempotency key, answered with an id,
      -- applied (effect + final state) in one transaction. due_ms: when it completes (NULL: hung).
      CREATE TABLE lab_operations (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        key TEXT NOT NULL,
        operation TEXT NOT NULL,
        operation_json TEXT NOT NULL,
        item_id TEXT,
        state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled')),
        applied INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        due_ms INTEGER,
        ended_at TEXT,
        result_json TEXT,
        error_json TEXT
      ) STRICT;
      -- One live operation per key: a key is applied at most once, so a killed caller repeats no fabric operation;
      -- a failed or cancelled one that applied nothing may be started again under the same key.
      CREATE UNIQUE INDEX lab_operations_live_key ON lab_operations (key) WHERE state IN ('running', 'succeeded') OR applied = 1;
      CREATE INDEX lab_operations_key ON lab_operations (key);
      CREATE INDEX lab_operations_item ON lab_operations (item_id);
      CREATE TABLE lab_faults (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        spec_json TEXT NOT NULL,
        remaining INTEGER,
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
      ) STRICT;`,
    },
  },
  {
    // How many calls each fault has answered: a drill can prove that a fault it injected met its calls,
    // including one that fires every time (an "always" lost answer has nothing else to show for it).
    id: 'lab-0002-fault-fired-count',
    sql: {
      sqlite: `ALTER TABLE lab_faults ADD COLUMN fired INTEGER NOT NULL DEFAULT 0`,
    },
  },
];
