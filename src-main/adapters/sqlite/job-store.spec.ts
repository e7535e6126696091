// The job store's cleanup ledger (R10) on a real database: a cleanup step finds the resources still open of
// its kind and machine through an index, so cleaning up n machines does not read the ledger n times.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, rest, runToRest, type TestApp } from '../../orchestration/testing.ts';
import { CLEANUP_SINCE_SQL, JobStore, OPEN_CLEANUP_SQL } from './job-store.ts';

let t: TestApp | undefined;
afterEach(() => {
  t?.dispose();
  t = undefined;
});

describe('job store: open cleanup entries (R10)', () => {
  it('answers the test resources not deleted yet, by kind and machine, and none once Complete Test deleted them', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Test-VLAN' } });
    const store = new JobStore(t.app.db);
    const machines = store.openCleanup(job.id, 'test-machine');
    expect(machines.map((entry) => entry.itemId).sort()).toEqual(['app02', 'app03', 'file01']);
    expect(store.openCleanup(job.id, 'test-machine', 'app03')).toEqual([machines.find((entry) => entry.itemId === 'app03')]);
    expect(store.openCleanup(job.id, 'test-network')).toHaveLength(1);
    await t.app.jobs.completeTest(job.id, 'checked');
    await rest(t.app, job.id);
    expect(store.openCleanup(job.id, 'test-machine')).toEqual([]);
    expect(store.openCleanup(job.id, 'test-network')).toEqual([]);
    expect(store.cleanup(job.id).every((entry) => entry.deletedAt)).toBe(true);
  });

  it('finds them through the open-entries index, not by reading the job’s whole ledger', () => {
    t = openTestApp();
    for (const sql of Object.values(OPEN_CLEANUP_SQL)) {
      const plan = (t.app.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ');
      expect(plan).toMatch(/USING INDEX job_cleanup_open/);
    }
  });

  it('a live view’s “created or deleted since” reads two index ranges, not the ledger', () => {
    t = openTestApp();
    const plan = (t.app.db.prepare(`EXPLAIN QUERY PLAN ${CLEANUP_SINCE_SQL}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ');
    expect(plan).toMatch(/USING INDEX job_cleanup_created \(job_id=\? AND created_at>\?\)/);
    expect(plan).toMatch(/USING INDEX job_cleanup_deleted \(job_id=\? AND deleted_at>\?\)/);
  });

  it('answers the entries created or deleted at or after an instant', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Test-VLAN' } });
    const store = new JobStore(t.app.db);
    expect(store.cleanupSince(job.id, '2000-01-01T00:00:00.000Z')).toHaveLength(4);
    const before = new Date(Date.now() + 1).toISOString();
    expect(store.cleanupSince(job.id, before)).toEqual([]);
    await t.app.jobs.completeTest(job.id, 'checked');
    await rest(t.app, job.id);
    expect(store.cleanupSince(job.id, before).map((entry) => Boolean(entry.deletedAt))).toEqual([true, true, true, true]);
  });
});
