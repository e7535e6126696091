import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../contract/errors.ts';
import { MIGRATIONS, type Dialect, type Migration } from './migrations.ts';

export const DATABASE_FILE_NAME = 'failover-console.sqlite';

/**
 * The names the rest of the code base uses for the driver's types, so that only this adapter imports
 * node:sqlite: an open connection, and the handle a write receives inside a transaction (the same connection:
 * SQLite runs one transaction per connection, and the ports are generic over it as their `Tx`).
 */
export type SqliteDatabase = DatabaseSync;
export type SqliteTransaction = DatabaseSync;

export interface OpenOptions {
  migrations?: readonly Migration[];
  /**
   * The caller only reads (a listing, a verification). An existing, up-to-date database is then opened
   * read-only, so nothing — not even a checkpoint of the WAL — writes to it; a new or outdated one is
   * created or migrated first, as any other open would.
   */
  readOnly?: boolean;
}

/**
 * Opens the console's database: WAL with synchronous=FULL, so that a transition reported as committed
 * survives a crash or power loss, and foreign keys on. Opening an up-to-date database
 * writes nothing: a read-only command leaves its bytes as they were (docs/decisions.md, read-only commands).
 */
export function openDatabase(file: string, options: OpenOptions = {}): DatabaseSync {
  const migrations = options.migrations ?? MIGRATIONS;
  const existing = file !== ':memory:' && existsSync(file);
  if (existing && !options.readOnly && !writable(file)) {
    throw new AppError('DATABASE_ERROR', `The database ${file} is read-only and this command changes it: make it writable (chmod 600), or use a command that only reads.`);
  }
  if (existing && options.readOnly) {
    const db = openConnection(file, true);
    let pending: string[];
    try {
      pending = pendingMigrations(db, migrations);
    } catch (error) {
      db.close();
      throw error;
    }
    if (pending.length === 0) return db;
    db.close();
    if (!writable(file)) {
      throw new AppError('DATABASE_ERROR', `The database ${file} needs upgrading (${pending.join(', ')}) but is read-only; run the console once with write access.`);
    }
    openDatabase(file, { migrations }).close();
    return openDatabase(file, options);
  }
  if (file !== ':memory:') restrictToOwner(file);
  const db = openConnection(file, false);
  try {
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

const readOnlyConnections = new WeakSet<DatabaseSync>();

/** True for a connection `openDatabase` opened read-only: the caller must not try to write through it. */
export function isReadOnly(db: DatabaseSync): boolean {
  return readOnlyConnections.has(db);
}

function openConnection(file: string, readOnly: boolean): DatabaseSync {
  try {
    const db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5_000, readOnly });
    if (readOnly) readOnlyConnections.add(db);
    // Setting the journal mode writes the header even when it is already WAL: only a new database needs it.
    if (!readOnly && (db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode !== 'wal') db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    return db;
  } catch (error) {
    throw new AppError('DATABASE_ERROR', `The database ${file} cannot be opened: ${(error as Error).message}`);
  }
}

function writable(file: string): boolean {
  if (!existsSync(file)) return true;
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The data directory (created 0700) and the database (0600) are readable by this user only: job notes,
 * the estate and the audit trail are nobody else's business. SQLite gives the WAL and shared-memory files
 * the database file's mode, so the file is created (or tightened, if an older version left it 0644) before
 * SQLite opens it. An existing directory the operator chose is left as it is, and so is a file already
 * closed to others (0600, or 0400 made read-only on purpose).
 */
function restrictToOwner(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}

/** Runs `work` in one IMMEDIATE transaction: all of it is committed, or none of it. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function hasMigrationTable(db: DatabaseSync): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
}

/**
 * The ids of `migrations` this database has not applied yet, in order. Refuses a database that holds a
 * migration this version does not know: it was written by a newer version and is left untouched rather than
 * half-understood. Reads only.
 */
export function pendingMigrations(db: DatabaseSync, migrations: readonly Migration[]): string[] {
  const applied = new Set(hasMigrationTable(db) ? (db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((row) => row.id) : []);
  const known = new Set(migrations.map((m) => m.id));
  const unknown = [...applied].filter((id) => !known.has(id)).sort();
  if (unknown.length > 0) {
    throw new AppError(
      'SCHEMA_TOO_NEW',
      `This database was written by a newer version of Failover Console (it has migration ${unknown.join(', ')}). ` +
        'Open it with that version, or choose another data directory.',
      { unknownMigrations: unknown },
    );
  }
  return [...migrations]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((m) => m.id)
    .filter((id) => !applied.has(id));
}

/** The statements `migration` runs in `dialect`; a migration written without them cannot be applied there. */
export function migrationSql(migration: Migration, dialect: Dialect): string {
  if (!('sql' in migration)) throw new AppError('DATABASE_ERROR', `Migration ${migration.id} is written as SQLite code, not as SQL for ${dialect}.`);
  const sql = migration.sql[dialect];
  if (sql === undefined) throw new AppError('DATABASE_ERROR', `Migration ${migration.id} has no SQL for ${dialect}.`);
  return sql;
}

/**
 * Applies the migrations this version knows and has not applied yet, each in its own transaction with its
 * record, running the SQLite SQL of each named migration (or, deprecated, its `up` function). An up-to-date
 * database is not written to at all.
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[]): string[] {
  const pending = new Set(pendingMigrations(db, migrations));
  if (!hasMigrationTable(db)) {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  ) STRICT`);
  }
  const ordered = [...migrations].sort((a, b) => a.id.localeCompare(b.id));
  const ran: string[] = [];
  for (const migration of ordered) {
    if (!pending.has(migration.id)) continue;
    inTransaction(db, () => {
      if ('sql' in migration) db.exec(migrationSql(migration, 'sqlite'));
      else migration.up(db);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, new Date().toISOString());
    });
    ran.push(migration.id);
  }
  if ((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version !== ordered.length) {
    db.exec(`PRAGMA user_version = ${ordered.length}`);
  }
  return ran;
}
