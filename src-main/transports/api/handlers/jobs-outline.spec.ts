import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch.ts';
import { openTestApp, type TestApp } from '../../../orchestration/testing.ts';
import { generateEstate } from '../../../domain/estate/generate-estate.ts';
import type { JobOutline, JobProgress, JobRows, JobView } from '../../../contract/jobs.ts';

let t: TestApp | undefined;
afterEach(() => {
  t?.dispose();
  t = undefined;
});

async function ok<T>(app: TestApp['app'], channel: string, input: unknown): Promise<T> {
  const reply = (await dispatch(app, channel as never, input)) as { ok: boolean; result?: T; error?: unknown };
  if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`);
  return reply.result as T;
}

describe('one progress figure for a running job', () => {
  it('its last progress event, jobs:get, jobs:list, jobs:changes and jobs:outline say the same, mid-run', async () => {
    t = openTestApp();
    const { app } = t;
    const events: JobProgress[] = [];
    app.events.subscribe((name, payload) => {
      if (name === 'jobs:progress') events.push(payload as JobProgress);
    });
    // One machine's replica never finishes: the job stays running with part of its steps ended.
    app.lab.control.addFault({ kind: 'hang', itemId: 'app02', operation: 'create-replica' }, app.clock.now());
    const started = await app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    let settled = -1;
    for (let quiet = 0; quiet < 4; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const latest = events.at(-1)?.stepsDone ?? -1;
      quiet = latest === settled ? quiet + 1 : 0;
      settled = latest;
    }
    const last = events.at(-1)!;
    expect(last.status).toBe('running');
    expect(last.progress).toBeGreaterThan(0);
    expect(last.progress).toBeLessThan(100);
    const whole = await ok<JobView>(app, 'jobs:get', { jobId: started.id });
    const [listed] = (await ok<{ id: string; progress: number }[]>(app, 'jobs:list', {})).filter((job) => job.id === started.id);
    const changes = await ok<{ job: { progress: number } }>(app, 'jobs:changes', { jobId: started.id, since: started.createdAt });
    const outline = await ok<JobOutline>(app, 'jobs:outline', { jobId: started.id });
    expect({ get: whole.progress, list: listed!.progress, changes: changes.job.progress, outline: outline.job.progress }).toEqual({
      get: last.progress,
      list: last.progress,
      changes: last.progress,
      outline: last.progress,
    });
  });
});

describe('one progress figure for a job that came to rest', () => {
  it('the outline answered from the tree its driver left says what jobs:get and jobs:list say', async () => {
    t = openTestApp();
    const { app } = t;
    const started = await app.jobs.start({ operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'none' } });
    await app.jobs.settledJob(started.id);
    const whole = await ok<JobView>(app, 'jobs:get', { jobId: started.id });
    expect(whole.status).toBe('waiting-for-operator');
    expect(whole.progress).toBeGreaterThan(0);
    const [listed] = (await ok<{ id: string; progress: number }[]>(app, 'jobs:list', {})).filter((job) => job.id === started.id);
    const outline = await ok<JobOutline>(app, 'jobs:outline', { jobId: started.id });
    expect({ list: listed!.progress, outline: outline.job.progress }).toEqual({ list: whole.progress, outline: whole.progress });
  });
});

describe('windowed job views through dispatch (jobs:outline, jobs:rows)', () => {
  it('R19: a 2,000-machine test failover at Complete testing: summaries without the tree, and windows of its rows', async () => {
    t = openTestApp({ estate: generateEstate({ machines: 2_000, groups: 20 }) });
    const { app } = t;
    const started = await app.jobs.start({ operation: 'test-failover', scope: { planId: 'plan-gen' }, testNetwork: { option: 'none' } });
    await app.jobs.settledJob(started.id);
    const whole = await ok<JobView>(app, 'jobs:get', { jobId: started.id });
    expect(whole.status).toBe('waiting-for-operator');

    const outline = await ok<JobOutline>(app, 'jobs:outline', { jobId: started.id, itemLimit: 50 });
    expect(outline.job).not.toHaveProperty('steps');
    // The job's own fields without its per-machine parts: the count, not 2,000 ids; the job-wide figures only.
    expect(outline.job).not.toHaveProperty('itemIds');
    expect(outline.job.itemCount).toBe(2_000);
    expect(outline.job.summary).not.toHaveProperty('items');
    expect(JSON.stringify(outline.job).length).toBeLessThan(2_000);
    expect(outline.job.actions).toEqual(whole.actions);
    expect(outline.expandAll).toBe(false);
    expect(outline.cleanup).toBeUndefined();
    // 20 groups create and start the test machines, and the same 20 clean them up after Complete Test.
    expect(outline.groups).toHaveLength(40);
    const [testing, cleanup] = [outline.groups.slice(0, 20), outline.groups.slice(20)];
    expect(testing.every((group) => group.items === 100 && group.itemsByStatus.succeeded === 100)).toBe(true);
    expect(cleanup.every((group) => group.items === 100 && group.itemsByStatus.pending === 100)).toBe(true);
    expect(outline.itemsTotal).toBe(4_000);
    expect(outline.items).toHaveLength(50);
    expect(outline.items[0]).toMatchObject({ status: 'succeeded', leaves: expect.any(Number) as number });
    expect(outline.attention).toEqual([]);
    expect(outline.recent).toHaveLength(60);
    // Kilobytes, not the tree's megabytes.
    expect(JSON.stringify(outline).length).toBeLessThan(JSON.stringify(whole).length / 20);

    const closed = await ok<JobRows>(app, 'jobs:rows', { jobId: started.id, expandAll: false, toggled: [], offset: 0, limit: 100 });
    // The first paint in one call: the outline with the first rows as the tree opens.
    expect((await ok<JobOutline>(app, 'jobs:outline', { jobId: started.id, rowLimit: 100 })).rows).toEqual(closed);
    const rootChildren = whole.steps.filter((node) => node.parentId === whole.steps[0]!.id);
    expect(closed.total).toBe(rootChildren.length);
    expect(closed.rows.map((row) => row.node.id)).toEqual(rootChildren.map((node) => node.id));
    const leaves = whole.steps.filter((node) => node.kind === 'step' || node.kind === 'action' || node.kind === 'gate').length;
    expect(closed.rows.reduce((sum, row) => sum + row.leaves, 0)).toBe(leaves);

    // Everything open: every node but the root, windowed; the rows of a page are the tree's, in order.
    const all = await ok<JobRows>(app, 'jobs:rows', { jobId: started.id, expandAll: true, toggled: [], offset: 5_000, limit: 1_000 });
    expect(all.total).toBe(whole.steps.length - 1);
    expect(all.rows).toHaveLength(1_000);
    const order = whole.steps.slice(1).map((node) => node.id);
    expect(all.rows.map((row) => row.node.id)).toEqual(order.slice(5_000, 6_000));

    // Complete Test: the ledger's machines are deleted; the outline follows (revision moved, nothing stale kept).
    const cleanupBefore = await ok<JobOutline>(app, 'jobs:outline', { jobId: started.id, cleanup: true });
    expect(cleanupBefore.cleanup).toHaveLength(2_000);
    expect(await ok(app, 'jobs:cleanup', { jobId: started.id })).toEqual(cleanupBefore.cleanup);
    await ok(app, 'jobs:complete-test', { jobId: started.id, notes: 'checked', verdict: 'passed', revision: outline.job.revision });
    await app.jobs.settledJob(started.id);
    const after = await ok<JobOutline>(app, 'jobs:outline', { jobId: started.id, cleanup: true });
    expect(after.job.status).toBe('succeeded');
    expect(after.job.actions).toEqual((await ok<JobView>(app, 'jobs:get', { jobId: started.id })).actions);
    expect(after.cleanup!.every((entry) => entry.deletedAt !== undefined)).toBe(true);
    expect(await dispatch(app, 'jobs:cleanup', { jobId: 'job-01JD7Y3M9Z4Q8R2V6T0XKCWB5N' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const gate = (await ok<JobRows>(app, 'jobs:rows', { jobId: started.id, expandAll: false, toggled: [], offset: 0, limit: 100 })).rows.find((row) => row.node.gate === 'complete-test');
    expect(gate?.node.status).toBe('succeeded');
  }, 60_000);

  it('R19: a failed machine shows in its group’s counts, its item row and the steps needing the operator', async () => {
    t = openTestApp();
    const { app } = t;
    app.lab.control.addFault({ kind: 'operation-fails', itemId: 'app03', operation: 'create-replica', mode: 'always' }, app.clock.now());
    const started = await app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    await app.jobs.settledJob(started.id);
    const outline = await ok<JobOutline>(app, 'jobs:outline', { jobId: started.id, itemLimit: 1_000 });
    const failedItem = outline.items.find((item) => item.itemId === 'app03' && item.status === 'failed');
    expect(failedItem).toMatchObject({ currentStep: expect.any(String) as string, error: expect.any(String) as string });
    expect(outline.groups.reduce((sum, group) => sum + (group.itemsByStatus.failed ?? 0), 0)).toBeGreaterThanOrEqual(1);
    expect(outline.attention.some((step) => step.itemId === 'app03' && step.status === 'failed')).toBe(true);
    const open = await ok<JobRows>(app, 'jobs:rows', { jobId: started.id, expandAll: true, toggled: [], offset: 0, limit: 1_000 });
    expect(open.rows.find((row) => row.node.id === failedItem!.nodeId)?.item?.status).toBe('failed');
  });

  it('R19: a cancelled job’s rows say what disk says — no step left “running” by the tree the driver left', async () => {
    t = openTestApp({ estate: generateEstate({ machines: 20, groups: 4 }), maxParallelItems: 4 });
    const { app } = t;
    app.lab.control.setSettings({ timeScale: 0.002 });
    const job = await app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-gen' } });
    for (let waited = 0; waited < 5_000 && !app.lab.ops().some((op) => op.outcome === 'ok'); waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    await app.jobs.cancel(job.id);
    await app.jobs.settledJob(job.id);
    const whole = await ok<JobView>(app, 'jobs:get', { jobId: job.id });
    expect(whole.status).toBe('cancelled');
    const window = await ok<JobRows>(app, 'jobs:rows', { jobId: job.id, expandAll: true, toggled: [], offset: 0, limit: 1_000 });
    const onDisk = new Map(whole.steps.map((node) => [node.id, node.status]));
    expect(window.rows.length).toBe(whole.steps.length - 1); // every node but the root
    for (const row of window.rows) expect(`${row.node.id} ${row.node.status}`).toBe(`${row.node.id} ${onDisk.get(row.node.id)}`);
    expect(window.rows.some((row) => row.node.status === 'running')).toBe(false);
  });
});
