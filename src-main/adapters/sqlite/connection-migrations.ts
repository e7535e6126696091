// The connection tables' migrations, apart from connection-store.ts: the migration list must not import store code, which
// imports database.ts, which imports the list. Ids and SQL are those the tables were created with: nothing new to apply.
import type { Migration } from './migrations.ts';

/** No column ever holds a secret: those are in the OS keychain (docs/decisions.md, "Secrets: the keychain or nothing"). */
export const CONNECTION_MIGRATIONS: readonly Migration[] = [
  {
    id: '0100-connections',
    sql: {
      sqlite: `CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind TEXT NOT NULL,
        address TEXT NOT NULL,
        user_name TEXT NOT NULL,
        site_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
    },
  },
];
