import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../adapters/sqlite/database.ts';
import { TimerStore } from '../adapters/sqlite/timer-store.ts';
import { WriteBatcher } from '../adapters/sqlite/write-batcher.ts';
import { fixedClock, type Clock } from '../domain/time/clock.ts';
import { Scheduler, type TimerHandler } from './scheduler.ts';

// A scheduler on its own connection, as each console process has one.
function open(file: string, clock: Clock, owner: string) {
  const db = openDatabase(file);
  db.exec('CREATE TABLE IF NOT EXISTS effects (timer_id TEXT NOT NULL, by TEXT NOT NULL)');
  const batcher = new WriteBatcher(db);
  const scheduler = new Scheduler({ store: new TimerStore(db), batcher, clock, owner });
  return { db, batcher, scheduler, close: () => (batcher.close(), db.close()) };
}

/** A handler whose effect is a row written in the timer's transaction. */
function recording(by: string): TimerHandler<DatabaseSync> {
  return {
    fire(db, timer) {
      db.prepare('INSERT INTO effects (timer_id, by) VALUES (?, ?)').run(timer.id, by);
      return { outcome: 'recorded' };
    },
  };
}

function effects(db: DatabaseSync) {
  return db.prepare('SELECT timer_id, by FROM effects ORDER BY rowid').all();
}

let dir: string;
let file: string;
const opened: { close(): void }[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fc-timers-'));
  file = join(dir, 'db.sqlite');
});
afterEach(() => {
  for (const each of opened.splice(0)) each.close();
  rmSync(dir, { recursive: true, force: true });
});

function track<T extends { close(): void }>(value: T): T {
  opened.push(value);
  return value;
}

describe('durable timers', () => {
  it('fire when the injected clock passes their due time, not before, and once', async () => {
    const clock = fixedClock('2026-12-01T00:00:00Z');
    const p = track(open(file, clock, 'p1'));
    p.scheduler.register('demo', recording('p1'));
    await p.batcher.write(p.scheduler.scheduleWriter({ kind: 'demo', jobId: 'job-a', dueAt: new Date('2026-12-02T00:00:00Z') }));
    expect(await p.scheduler.runDue()).toEqual([]);
    clock.advance(86_400_000);
    expect((await p.scheduler.runDue()).map((fired) => [fired.timer.id, fired.outcome])).toEqual([['demo:job-a', 'recorded']]);
    expect(await p.scheduler.runDue()).toEqual([]);
    expect(effects(p.db)).toEqual([{ timer_id: 'demo:job-a', by: 'p1' }]);
  });

  it('survive a restart: a timer scheduled by one process fires in a new one on the same database', async () => {
    const clock = fixedClock('2026-12-01T00:00:00Z');
    const first = open(file, clock, 'first');
    await first.batcher.write(first.scheduler.scheduleWriter({ kind: 'demo', jobId: 'job-a', dueAt: new Date('2026-12-02T00:00:00Z') }));
    first.close();
    clock.advance(2 * 86_400_000);
    const second = track(open(file, clock, 'second'));
    second.scheduler.register('demo', recording('second'));
    expect((await second.scheduler.runDue()).map((fired) => fired.timer.id)).toEqual(['demo:job-a']);
    expect(effects(second.db)).toEqual([{ timer_id: 'demo:job-a', by: 'second' }]);
  });

  it('fire exactly once across two schedulers on two connections running at the same moment', async () => {
    const clock = fixedClock('2026-12-01T00:00:00Z');
    const a = track(open(file, clock, 'a'));
    const b = track(open(file, clock, 'b'));
    a.scheduler.register('demo', recording('a'));
    b.scheduler.register('demo', recording('b'));
    for (let index = 0; index < 20; index += 1) {
      await a.batcher.write(a.scheduler.scheduleWriter({ kind: 'demo', id: `t${String(index).padStart(2, '0')}`, dueAt: new Date('2026-12-01T00:00:00Z') }));
    }
    const [firedA, firedB] = await Promise.all([a.scheduler.runDue(), b.scheduler.runDue()]);
    expect(firedA.length + firedB.length).toBe(20);
    const rows = effects(a.db) as { timer_id: string }[];
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((row) => row.timer_id)).size).toBe(20);
  });

  it('a handler that throws leaves its timer due, with neither its claim nor its effect committed', async () => {
    const clock = fixedClock('2026-12-01T00:00:00Z');
    const p = track(open(file, clock, 'p'));
    let fail = true;
    p.scheduler.register('demo', {
      fire(db, timer) {
        db.prepare('INSERT INTO effects (timer_id, by) VALUES (?, ?)').run(timer.id, 'p');
        if (fail) throw new Error('not now');
        return { outcome: 'recorded' };
      },
    });
    await p.batcher.write(p.scheduler.scheduleWriter({ kind: 'demo', jobId: 'job-a', dueAt: clock.now() }));
    expect(await p.scheduler.runDue()).toEqual([]);
    expect(effects(p.db)).toEqual([]);
    expect(new TimerStore(p.db).get('demo:job-a')).toMatchObject({ firedAt: null, attempts: 1, lastError: 'not now' });
    fail = false;
    expect(await p.scheduler.runDue()).toHaveLength(1);
    expect(effects(p.db)).toHaveLength(1);
  });

  it('a handler that cannot act yet puts its timer back, due again later', async () => {
    const clock = fixedClock('2026-12-01T00:00:00Z');
    const p = track(open(file, clock, 'p'));
    let busy = true;
    p.scheduler.register('demo', {
      fire: (_db, _timer, now) => (busy ? { retryAt: new Date(now.getTime() + 60_000), reason: 'busy' } : { outcome: 'done' }),
    });
    await p.batcher.write(p.scheduler.scheduleWriter({ kind: 'demo', jobId: 'job-a', dueAt: clock.now() }));
    expect(await p.scheduler.runDue()).toEqual([]);
    expect(new TimerStore(p.db).get('demo:job-a')).toMatchObject({ firedAt: null, dueAt: '2026-12-01T00:01:00.000Z', lastError: 'busy' });
    busy = false;
    expect(await p.scheduler.runDue()).toEqual([]);
    clock.advance(60_000);
    expect((await p.scheduler.runDue()).map((fired) => fired.outcome)).toEqual(['done']);
  });

  it('leaves a timer of a kind it has no handler for (a newer version\'s) untouched', async () => {
    const clock = fixedClock('2026-12-01T00:00:00Z');
    const p = track(open(file, clock, 'p'));
    await p.batcher.write(p.scheduler.scheduleWriter({ kind: 'future-kind', jobId: 'job-a', dueAt: clock.now() }));
    expect(await p.scheduler.runDue()).toEqual([]);
    expect(new TimerStore(p.db).get('future-kind:job-a')).toMatchObject({ firedAt: null, attempts: 0 });
  });

  it('scheduling the same timer twice keeps the first (one R10 deadline per job)', async () => {
    const clock = fixedClock('2026-12-01T00:00:00Z');
    const p = track(open(file, clock, 'p'));
    await p.batcher.write(p.scheduler.scheduleWriter({ kind: 'demo', jobId: 'job-a', dueAt: new Date('2026-12-05T00:00:00Z') }));
    await p.batcher.write(p.scheduler.scheduleWriter({ kind: 'demo', jobId: 'job-a', dueAt: new Date('2026-12-09T00:00:00Z') }));
    expect(new TimerStore(p.db).forJob('job-a').map((timer) => timer.dueAt)).toEqual(['2026-12-05T00:00:00.000Z']);
  });
});
