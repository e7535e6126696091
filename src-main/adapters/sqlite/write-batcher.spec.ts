import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { WriteBatcher } from './write-batcher.ts';

let dir: string;
let db: DatabaseSync;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fc-batcher-'));
  db = openDatabase(join(dir, 'db.sqlite'), { migrations: [] });
  db.exec('CREATE TABLE t (v INTEGER NOT NULL)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('group commit', () => {
  it('commits the transitions queued in one turn of the event loop in one durable transaction', async () => {
    const batcher = new WriteBatcher(db);
    await Promise.all(Array.from({ length: 100 }, (_, v) => batcher.write((conn) => conn.prepare('INSERT INTO t (v) VALUES (?)').run(v))));
    expect(batcher.stats).toEqual({ commits: 1, writes: 100 });
    expect((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(100);
  });

  it('keeps the order in which writes were queued, across batches', async () => {
    const batcher = new WriteBatcher(db);
    const first = batcher.write((conn) => conn.prepare('INSERT INTO t (v) VALUES (1)').run());
    await first;
    await batcher.write((conn) => conn.prepare('UPDATE t SET v = 2').run());
    expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 2 }]);
    expect(batcher.stats.commits).toBe(2);
  });

  it('rolls back only the write that throws: the others in its batch still commit', async () => {
    const batcher = new WriteBatcher(db);
    const good = batcher.write((conn) => conn.prepare('INSERT INTO t (v) VALUES (1)').run());
    const bad = batcher.write((conn) => {
      conn.prepare('INSERT INTO t (v) VALUES (2)').run();
      conn.prepare('INSERT INTO t (v) VALUES (NULL)').run();
    });
    const after = batcher.write((conn) => conn.prepare('INSERT INTO t (v) VALUES (3)').run());
    await expect(bad).rejects.toThrow();
    await expect(good).resolves.toBeUndefined();
    await expect(after).resolves.toBeUndefined();
    expect(db.prepare('SELECT v FROM t ORDER BY v').all()).toEqual([{ v: 1 }, { v: 3 }]);
    expect(batcher.stats).toEqual({ commits: 1, writes: 2 });
  });

  it('a refused write runs once and is rejected with its own error; the writes around it commit once each', async () => {
    const batcher = new WriteBatcher(db);
    const runs = { before: 0, bad: 0, after: 0 };
    const before = batcher.write((conn) => {
      runs.before += 1;
      conn.prepare('INSERT INTO t (v) VALUES (1)').run();
    });
    const bad = batcher.write((conn) => {
      runs.bad += 1;
      conn.prepare('INSERT INTO t (v) VALUES (NULL)').run();
    });
    const after = batcher.write((conn) => {
      runs.after += 1;
      conn.prepare('INSERT INTO t (v) VALUES (3)').run();
    });
    await expect(bad).rejects.toThrow(/NOT NULL/);
    await Promise.all([before, after]);
    // The write before the refused one ran in the rolled-back transaction and again in the committed one.
    expect(runs).toEqual({ before: 2, bad: 1, after: 1 });
    expect(db.prepare('SELECT v FROM t ORDER BY v').all()).toEqual([{ v: 1 }, { v: 3 }]);
  });

  it('publishes (afterCommit) only the writes that committed, once each, in queue order', async () => {
    const batcher = new WriteBatcher(db);
    const published: string[] = [];
    const writes = [
      batcher.write((conn) => conn.prepare('INSERT INTO t (v) VALUES (1)').run(), () => published.push('first')),
      batcher.write((conn) => conn.prepare('INSERT INTO t (v) VALUES (NULL)').run(), () => published.push('refused')),
      batcher.write((conn) => conn.prepare('INSERT INTO t (v) VALUES (2)').run(), () => published.push('second')),
    ];
    await Promise.allSettled(writes);
    expect(published).toEqual(['first', 'second']);
  });

  it('refuses writes after close, once the queue is committed', async () => {
    const batcher = new WriteBatcher(db);
    const pending = batcher.write((conn) => conn.prepare('INSERT INTO t (v) VALUES (1)').run());
    batcher.close();
    await pending;
    await expect(batcher.write(() => undefined)).rejects.toThrow(/closed/);
  });
});
