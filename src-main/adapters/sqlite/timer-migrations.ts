// Durable timers (docs/decisions.md, "Durable timers"): the engine's 0230- range.
import type { SqlMigration } from './migrations.ts';

export const TIMER_MIGRATIONS: readonly SqlMigration[] = [
  {
    id: '0230-timers',
    sql: {
      sqlite: `CREATE TABLE timers (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        job_id TEXT,
        due_at TEXT NOT NULL,
        payload_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        fired_at TEXT,
        fired_by TEXT,
        outcome TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;
      -- The scheduler's one query: what is due and not fired yet.
      CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL`,
    },
  },
  {
    // R10: test failovers left open by the previous version get their two-week timer once, on the first open
    // by this one (new test failovers get it when they are created). The kind is FORCE_COMPLETE_TEST_KIND's
    // text, written out: a migration never changes with the code.
    id: '0231-timers-for-open-test-failovers',
    sql: {
      sqlite: `INSERT INTO timers (id, kind, job_id, due_at, payload_json, created_at)
      SELECT 'test-failover.force-complete:' || id, 'test-failover.force-complete', id,
        strftime('%Y-%m-%dT%H:%M:%fZ', coalesce(started_at, created_at), '+14 days'), '{}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      FROM jobs WHERE operation = 'test-failover' AND status IN ('queued', 'running', 'waiting-for-operator')
      ON CONFLICT (id) DO NOTHING`,
    },
  },
];
