import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.ts';
import { PREVIOUS_VERSION_MIGRATIONS } from '../../test-support/previous-version-migrations.ts';
import { inTransaction, migrate, migrationSql, openDatabase } from './database.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fc-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const trail: string[] = [];
const testMigrations: Migration[] = [
  { id: '0002-b', up: (db) => (trail.push('0002-b'), db.exec('CREATE TABLE b (x INTEGER) STRICT')) },
  { id: '0001-a', up: (db) => (trail.push('0001-a'), db.exec('CREATE TABLE a (x INTEGER) STRICT')) },
  { id: '0003-c', up: (db) => (trail.push('0003-c'), db.exec('CREATE TABLE c (x INTEGER REFERENCES a(x)) STRICT')) },
];

describe('database', () => {
  it('opens in WAL mode with synchronous=FULL and foreign keys on (durable transitions)', () => {
    const db = openDatabase(join(dir, 'db.sqlite'));
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
    expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
    db.close();
  });

  it('creates the data directory readable by its owner only (0700) and keeps the database and its WAL at 0600', () => {
    const dataDir = join(dir, 'new', 'data');
    const db = openDatabase(join(dataDir, 'db.sqlite'));
    db.exec('CREATE TABLE t (x INTEGER)');
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'db.sqlite')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'db.sqlite-wal')).mode & 0o777).toBe(0o600);
    db.close();
  });

  it('tightens a database file an older version left readable by other users (0644 → 0600)', () => {
    const file = join(dir, 'old.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    openDatabase(file).close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('applies migrations in id order, once each, and records them', () => {
    trail.length = 0;
    const file = join(dir, 'db.sqlite');
    openDatabase(file, { migrations: testMigrations.slice(0, 2) }).close();
    const db = openDatabase(file, { migrations: testMigrations });
    expect(trail).toEqual(['0001-a', '0002-b', '0003-c']);
    const applied = db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: string }[];
    expect(applied.map((row) => row.id)).toEqual(['0001-a', '0002-b', '0003-c']);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 3 });
    db.close();
  });

  it('rolls a failing migration back whole, leaving it unrecorded', () => {
    const file = join(dir, 'db.sqlite');
    const failing: Migration = {
      id: '0002-broken',
      up: (db) => {
        db.exec('CREATE TABLE half (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => openDatabase(file, { migrations: [testMigrations[1]!, failing] })).toThrow('boom');
    const db = openDatabase(file, { migrations: [testMigrations[1]!] });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('runs a named migration\'s SQLite SQL (every statement, in one transaction with its record); a failing one leaves nothing', () => {
    const file = join(dir, 'db.sqlite');
    const named: Migration = { id: '0001-named', sql: { sqlite: 'CREATE TABLE n (x INTEGER) STRICT; CREATE INDEX n_x ON n (x);' } };
    const broken: Migration = { id: '0002-named-broken', sql: { sqlite: 'CREATE TABLE half (x INTEGER); CREATE TABLE n (x INTEGER);' } };
    expect(() => openDatabase(file, { migrations: [named, broken] })).toThrow(/already exists/);
    const db = openDatabase(file, { migrations: [named] });
    const objects = db.prepare("SELECT name FROM sqlite_master WHERE name IN ('n', 'n_x', 'half') ORDER BY name").all() as { name: string }[];
    expect(objects.map((row) => row.name)).toEqual(['n', 'n_x']);
    expect((db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((row) => row.id)).toEqual(['0001-named']);
    db.close();
  });

  it('refuses a database written by a newer version with SCHEMA_TOO_NEW, untouched', () => {
    const file = join(dir, 'db.sqlite');
    openDatabase(file, { migrations: testMigrations }).close();
    let caught: unknown;
    try {
      openDatabase(file, { migrations: testMigrations.slice(0, 2) });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('SCHEMA_TOO_NEW');
    expect((caught as AppError).message).toContain('0003-c');
    // Still intact for the newer version.
    openDatabase(file, { migrations: testMigrations }).close();
  });

  it('inTransaction commits all of the work or none of it', () => {
    const db = openDatabase(join(dir, 'db.sqlite'), { migrations: MIGRATIONS });
    expect(() =>
      inTransaction(db, () => {
        db.prepare("INSERT INTO preferences (key, value) VALUES ('theme', '\"light\"')").run();
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(db.prepare('SELECT COUNT(*) AS n FROM preferences').get()).toEqual({ n: 0 });
    db.close();
  });

  it('a database created by the previous version (function-form migrations) opens with no migration re-run and the schema a new database gets', () => {
    const file = join(dir, 'previous.sqlite');
    const previous = openDatabase(file, { migrations: PREVIOUS_VERSION_MIGRATIONS });
    previous.prepare("INSERT INTO preferences (key, value) VALUES ('theme', '\"dark\"')").run();
    previous.close();
    const db = new DatabaseSync(file);
    const ran = migrate(db, MIGRATIONS);
    const previousIds = new Set(PREVIOUS_VERSION_MIGRATIONS.map((m) => m.id));
    // Only migrations added since run; every converted one is recognised by its id and left alone.
    expect(ran).toEqual(MIGRATIONS.map((m) => m.id).filter((id) => !previousIds.has(id)).sort());
    expect(db.prepare('SELECT value FROM preferences').get()).toEqual({ value: '"dark"' });
    const fresh = openDatabase(join(dir, 'fresh.sqlite'));
    const schema = (conn: DatabaseSync) => conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
    expect(schema(db)).toEqual(schema(fresh));
    fresh.close();
    db.close();
  });

  it('runs the SQLite SQL of a named migration; a dialect it has no SQL for is refused by name', () => {
    const named: Migration = { id: '0001-named', sql: { sqlite: 'CREATE TABLE n (x INTEGER) STRICT; CREATE INDEX n_x ON n (x)' } };
    const db = openDatabase(join(dir, 'db.sqlite'), { migrations: [named] });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('n', 'n_x') ORDER BY name").all()).toEqual([{ name: 'n' }, { name: 'n_x' }]);
    db.close();
    expect(() => migrationSql(named, 'postgres')).toThrow(/0001-named has no SQL for postgres/);
    expect(() => migrationSql(testMigrations[0]!, 'postgres')).toThrow(AppError);
  });

  it('opening an up-to-date database writes nothing: no commit seen by another connection, the same bytes on disk', () => {
    const file = join(dir, 'db.sqlite');
    openDatabase(file).close();
    const before = readFileSync(file);
    const watcher = new DatabaseSync(file);
    const version = () => (watcher.prepare('PRAGMA data_version').get() as { data_version: number }).data_version;
    const start = version();
    openDatabase(file).close();
    openDatabase(file, { readOnly: true }).close();
    expect(version()).toBe(start);
    watcher.close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a read-only open of an up-to-date database refuses writes; of an outdated one migrates it first', () => {
    const file = join(dir, 'db.sqlite');
    openDatabase(file, { migrations: testMigrations.slice(0, 2) }).close();
    const db = openDatabase(file, { migrations: testMigrations, readOnly: true });
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 3 });
    expect(() => db.exec('INSERT INTO a (x) VALUES (1)')).toThrow(/readonly/);
    db.close();
  });

  // Root may write to any file, so the permission cannot be taken away from it: this runs for other users only.
  it.skipIf(process.getuid?.() === 0)('a database file the user may not write (0400) opens for reading when up to date; needing an upgrade, or opened to write, it is refused with a typed error', () => {
    const file = join(dir, 'db.sqlite');
    openDatabase(file, { migrations: testMigrations.slice(0, 2) }).close();
    chmodSync(file, 0o400);
    const db = openDatabase(file, { migrations: testMigrations.slice(0, 2), readOnly: true });
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 2 });
    db.close();
    expect(() => openDatabase(file, { migrations: testMigrations, readOnly: true })).toThrow(/needs upgrading \(0003-c\) but is read-only/);
    expect(() => openDatabase(file, { migrations: testMigrations.slice(0, 2) })).toThrow(/is read-only and this command changes it/);
    chmodSync(file, 0o600);
  });
});
