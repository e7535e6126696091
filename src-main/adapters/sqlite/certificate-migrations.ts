// The certificate tables' migrations, apart from certificate-store.ts: the migration list must not import store code, which
// imports database.ts, which imports the list. Ids and SQL are those the tables were created with: nothing new to apply.
import type { Migration } from './migrations.ts';

/** No column ever holds a secret: those are in the OS keychain (docs/decisions.md, "Secrets: the keychain or nothing"). */
export const CERTIFICATE_MIGRATIONS: readonly Migration[] = [
  {
    id: '0101-certificates',
    sql: {
      sqlite: `CREATE TABLE certificates (
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
      ) STRICT;
      CREATE TABLE certificate_bindings (
        scope_id TEXT PRIMARY KEY,
        certificate_id TEXT NOT NULL REFERENCES certificates(id) ON DELETE RESTRICT,
        bound_at TEXT NOT NULL
      ) STRICT`,
    },
  },
];
