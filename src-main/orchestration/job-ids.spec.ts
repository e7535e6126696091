// Global ids (docs/decisions.md, "Leases, global ids, machine locks"): job ids, and the idempotency keys derived
// from them, never repeat across data directories or laptops; a client request id makes a doubled or retried
// start answer the one job it started.
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../transports/api/dispatch.ts';
import type { Job } from '../domain/jobs/job-model.ts';
import { openTestApp, rest, runToRest, type TestApp } from './testing.ts';

const apps: TestApp[] = [];
afterEach(() => apps.splice(0).forEach((app) => app.dispose()));

function open(): TestApp {
  const app = openTestApp();
  apps.push(app);
  return app;
}

describe('global job ids', () => {
  it('the same operation in two data directories gets different job ids and different idempotency keys', async () => {
    const [a, b] = [open(), open()];
    const jobA = await runToRest(a.app, { operation: 'unplanned-failover', scope: { itemId: 'app02' } });
    const jobB = await runToRest(b.app, { operation: 'unplanned-failover', scope: { itemId: 'app02' } });
    expect(jobA.id).toMatch(/^job-[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(jobB.id).not.toBe(jobA.id);
    const keysA = a.app.lab.ops().map((op) => op.key);
    const keysB = b.app.lab.ops().map((op) => op.key);
    expect(keysA).toEqual([`${jobA.id}/item/items/app02/create-replica#1`, `${jobA.id}/item/items/app02/start-replica#1`]);
    expect(keysB.filter((key) => keysA.includes(key))).toEqual([]);
  });

  it('jobs are listed newest first', async () => {
    const { app } = open();
    const first = await runToRest(app, { operation: 'unplanned-failover', scope: { itemId: 'app02' } });
    const second = await runToRest(app, { operation: 'unplanned-failover', scope: { itemId: 'web01' } });
    expect(app.jobs.list().map((job) => job.id)).toEqual([second.id, first.id]);
  });

  it('a double click (the same request id twice at once) and a retried call start one job and answer that job', async () => {
    const { app } = open();
    const input = { operation: 'unplanned-failover', scope: { itemId: 'app02' }, requestId: 'wizard-7f3a9c21' };
    const [one, two] = await Promise.all([dispatch(app, 'jobs:start', input), dispatch(app, 'jobs:start', input)]);
    expect(one).toMatchObject({ ok: true });
    expect(two).toMatchObject({ ok: true });
    const id = (one as { result: Job }).result.id;
    expect((two as { result: Job }).result.id).toBe(id);
    await rest(app, id);
    const again = await dispatch(app, 'jobs:start', input);
    expect((again as { result: Job }).result.id).toBe(id);
    expect(app.jobs.list()).toHaveLength(1);
    expect(app.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'job.created'").get()).toEqual({ n: 1 });
    expect(app.lab.ops().filter((op) => op.operation === 'create-replica')).toHaveLength(1);
  });

  it('the contract takes a ULID job id or a numbered one from before, and refuses anything else', async () => {
    const { app } = open();
    expect(await dispatch(app, 'jobs:get', { jobId: 'job-0001' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch(app, 'jobs:get', { jobId: 'job-01JD7Y3M9Z4Q8R2V6T0XKCWB5N' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch(app, 'jobs:get', { jobId: 'job-01jd7y3m9z4q8r2v6t0xkcwb5n' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch(app, 'jobs:start', { operation: 'unplanned-failover', scope: { itemId: 'app02' }, requestId: 'no spaces allowed' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
