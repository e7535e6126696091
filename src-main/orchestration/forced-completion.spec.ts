import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseSync } from 'node:sqlite';
import { createAppContext, type AppContext } from '../composition/app-context.ts';
import { fixedClock } from '../domain/time/clock.ts';
import { FORCE_COMPLETE_TEST_KIND } from './forced-completion.ts';
import { openTestApp, rest, runToRest, type TestApp } from './testing.ts';

const DAY = 86_400_000;
let t: TestApp;
const others: AppContext[] = [];
afterEach(() => {
  for (const other of others.splice(0)) other.close();
  t?.dispose();
});

function forcedEntries(db: DatabaseSync, jobId: string): number {
  return (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'test.completed-by-force' AND job_id = ?").get(jobId) as { n: number }).n;
}

describe('R10 forced completion on a durable timer', () => {
  it('R10: a test waiting at a manual action for 15 days is completed by force: the action skipped by force, the test completed, cleanup run, audited once', async () => {
    const clock = fixedClock('2026-11-01T08:00:00Z');
    t = openTestApp({ clock });
    // plan-core has a manual action after Group 3: the test stops there, before Complete testing.
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Test-VLAN' } });
    expect(job.phase).toBe('manual-action');
    expect(t.app.lab.testResources().length).toBeGreaterThan(0);
    clock.advance(15 * DAY);
    expect(await t.app.jobs.maintain()).toEqual([job.id]);
    const done = await rest(t.app, job.id);
    expect(done.status).toBe('completed-by-force');
    expect(done.forced).toBe(true);
    const action = done.steps.find((node) => node.gate === 'manual-action')!;
    expect(action.status).toBe('skipped');
    expect(action.note).toMatch(/by force.*two weeks.*R10/);
    expect(done.steps.find((node) => node.gate === 'complete-test')).toMatchObject({ status: 'succeeded', note: expect.stringMatching(/two weeks/) as unknown });
    expect(done.cleanup.every((entry) => entry.deletedAt)).toBe(true);
    expect(t.app.lab.testResources()).toEqual([]);
    expect(forcedEntries(t.app.db, job.id)).toBe(1);
    // Fired once: a later run finds nothing due.
    clock.advance(DAY);
    expect(await t.app.jobs.maintain()).toEqual([]);
  });

  it('R10: the two-week timer is committed with the test failover job, due 14 days after it was created', async () => {
    const clock = fixedClock('2026-11-01T08:00:00Z');
    t = openTestApp({ clock });
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' } });
    const timers = t.app.db.prepare('SELECT kind, due_at, fired_at FROM timers WHERE job_id = ?').all(job.id);
    expect(timers).toEqual([{ kind: FORCE_COMPLETE_TEST_KIND, due_at: '2026-11-15T08:00:00.000Z', fired_at: null }]);
  });

  it('R10: a timer fires once across two console processes sharing the database (one audit entry, one forced completion)', async () => {
    const clock = fixedClock('2026-11-01T08:00:00Z');
    t = openTestApp({ clock });
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' } });
    expect(job.phase).toBe('complete-test');
    const other = createAppContext({ dataDir: t.dir, clock, stepTimeoutMs: 2_000 });
    others.push(other);
    clock.advance(15 * DAY);
    const [first, second] = await Promise.all([t.app.jobs.maintain(), other.jobs.maintain()]);
    expect([...first, ...second]).toEqual([job.id]);
    await Promise.all([t.app.jobs.settled(), other.jobs.settled()]);
    expect(forcedEntries(t.app.db, job.id)).toBe(1);
    expect((await rest(t.app, job.id)).status).toBe('completed-by-force');
    expect(t.app.lab.testResources()).toEqual([]);
  });

  it('R10: timers survive a restart: a test failover created by one process is completed by force by a later one', async () => {
    const clock = fixedClock('2026-11-01T08:00:00Z');
    t = openTestApp({ clock });
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' } });
    t.app.close();
    clock.advance(15 * DAY);
    const reopened = createAppContext({ dataDir: t.dir, clock, stepTimeoutMs: 2_000 });
    others.push(reopened);
    expect(await reopened.jobs.maintain()).toEqual([job.id]);
    expect((await rest(reopened, job.id)).status).toBe('completed-by-force');
    expect(reopened.lab.testResources()).toEqual([]);
  });

  it('R10: a test failover left open by the previous version gets its timer on the first open by this one (migration 0231)', async () => {
    const clock = fixedClock('2026-11-01T08:00:00Z');
    t = openTestApp({ clock });
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' } });
    // The database as the previous version left it: no timers table, its migrations not applied.
    t.app.db.exec("DROP TABLE timers; DELETE FROM schema_migrations WHERE id IN ('0230-timers', '0231-timers-for-open-test-failovers'); PRAGMA user_version = 7");
    t.app.close();
    clock.advance(15 * DAY);
    const upgraded = createAppContext({ dataDir: t.dir, clock, stepTimeoutMs: 2_000 });
    others.push(upgraded);
    expect(upgraded.db.prepare('SELECT due_at FROM timers WHERE job_id = ?').all(job.id)).toEqual([{ due_at: '2026-11-15T08:00:00.000Z' }]);
    expect(await upgraded.jobs.maintain()).toEqual([job.id]);
    expect((await rest(upgraded, job.id)).status).toBe('completed-by-force');
  });

  it('R10: a test already completed by the operator is left alone when its timer comes due', async () => {
    const clock = fixedClock('2026-11-01T08:00:00Z');
    t = openTestApp({ clock });
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' } });
    await t.app.jobs.completeTest(job.id, 'done by hand');
    expect((await rest(t.app, job.id)).status).toBe('succeeded');
    clock.advance(15 * DAY);
    expect(await t.app.jobs.maintain()).toEqual([]);
    expect((await rest(t.app, job.id)).status).toBe('succeeded');
    expect(t.app.db.prepare('SELECT outcome FROM timers WHERE job_id = ?').get(job.id)).toEqual({ outcome: 'job-finished' });
  });
});
