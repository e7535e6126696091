import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AppError } from '../contract/errors.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

export const DATABASE_FILE_NAME = 'failover-console.sqlite';

export interface OpenOptions {
  migrations?: readonly Migration[];
}

/**
 * Opens the console's database: WAL with synchronous=FULL, so that a transition reported as committed
 * survives a crash or power loss (PRODUCT §6 "Durable"), and foreign keys on.
 */
export function openDatabase(file: string, options: OpenOptions = {}): DatabaseSync {
  let db: DatabaseSync;
  try {
    if (file !== ':memory:') restrictToOwner(file);
    db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5_000 });
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
  } catch (error) {
    throw new AppError('DATABASE_ERROR', `The database ${file} cannot be opened: ${(error as Error).message}`);
  }
  try {
    migrate(db, options.migrations ?? MIGRATIONS);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * The data directory (created 0700) and the database (0600) are readable by this user only: job notes,
 * the estate and the audit trail are nobody else's business. SQLite gives the WAL and shared-memory files
 * the database file's mode, so the file is created (or tightened, if an older version left it 0644) before
 * SQLite opens it. An existing directory the operator chose is left as it is.
 */
function restrictToOwner(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
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

/**
 * Applies the migrations this version knows and has not applied yet, each in its own transaction with
 * its record. A database holding a migration this version does not know was written by a newer version:
 * it is refused untouched rather than half-understood.
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = new Set(
    (db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((row) => row.id),
  );
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
  const ordered = [...migrations].sort((a, b) => a.id.localeCompare(b.id));
  const ran: string[] = [];
  for (const migration of ordered) {
    if (applied.has(migration.id)) continue;
    inTransaction(db, () => {
      if ('sql' in migration) db.exec(migration.sql.sqlite);
      else migration.up(db);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, new Date().toISOString());
    });
    ran.push(migration.id);
  }
  db.exec(`PRAGMA user_version = ${ordered.length}`);
  return ran;
}
