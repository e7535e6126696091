import type { DatabaseSync } from 'node:sqlite';
import { CERTIFICATE_MIGRATIONS } from './certificate-migrations.ts';
import { CONNECTION_MIGRATIONS } from './connection-migrations.ts';
import { ENGINE_MIGRATIONS } from './engine-migrations.ts';
import { TIMER_MIGRATIONS } from './timer-migrations.ts';
import { FABRIC_CALL_MIGRATIONS } from './fabric-call-store.ts';

/** The SQL dialects a migration may be written for. Only SQLite has an implementation today. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * A named migration: plain SQL per dialect, so that another database implementation (PostgreSQL, for
 * several operators sharing one database) gets the same history without running engine code.
 */
export interface SqlMigration {
  /** Sortable, unique, never renamed: `NNNN-what-it-does`. Applied in this order. */
  readonly id: string;
  readonly sql: { readonly sqlite: string } & { readonly [dialect in Exclude<Dialect, 'sqlite'>]?: string };
}

/**
 * @deprecated The old form: a function run against a SQLite connection. Still accepted while other
 * branches land migrations in it; new migrations use `SqlMigration`.
 */
export interface FunctionMigration {
  readonly id: string;
  readonly up: (db: DatabaseSync) => void;
}

export type Migration = SqlMigration | FunctionMigration;

/**
 * The schema's history. Append only: a released migration is never edited, so that every database
 * reaches the same schema. Each domain may add its own; ids keep them ordered.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-preferences',
    sql: {
      sqlite: `CREATE TABLE preferences (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT`,
    },
  },
  ...CONNECTION_MIGRATIONS,
  ...CERTIFICATE_MIGRATIONS,
  ...ENGINE_MIGRATIONS,
  ...TIMER_MIGRATIONS,
  ...FABRIC_CALL_MIGRATIONS,
];
