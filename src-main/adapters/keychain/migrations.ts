import type { Migration } from '../sqlite/migrations.ts';

/** Connections and certificates. No column ever holds a secret: those are in the OS keychain (docs/decisions.md, "Secrets: the keychain or nothing"). */
export const KEYCHAIN_MIGRATIONS: readonly Migration[] = [
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
