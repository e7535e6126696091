import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch.ts';
import { openTestApp, rest, type TestApp } from '../../../orchestration/testing.ts';
import { changesSince } from '../../../domain/jobs/job-changes.ts';
import type { JobChanges, JobView } from '../../../contract/jobs.ts';

let t: TestApp;
afterEach(() => t?.dispose());

describe('jobs channels through dispatch', () => {
  it('R19: jobs:get and every decision reply say which actions the job accepts now', async () => {
    t = openTestApp();
    const job = await t.app.jobs.start({ operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'none' } });
    await t.app.jobs.settledJob(job.id);
    const got = (await dispatch(t.app, 'jobs:get', { jobId: job.id })) as { ok: true; result: JobView };
    expect(got.result.actions.confirm.map((offer) => offer.stepId)).toHaveLength(1);
    const confirmed = (await dispatch(t.app, 'jobs:confirm', { jobId: job.id, stepId: got.result.actions.confirm[0]!.stepId, note: 'done' })) as { ok: true; result: JobView };
    expect(confirmed.result.actions.confirm).toEqual([]);
    await t.app.jobs.settledJob(job.id);
    const atTest = (await dispatch(t.app, 'jobs:get', { jobId: job.id })) as { ok: true; result: JobView };
    expect(atTest.result.actions.completeTest).toBe(true);
  });

  it('R19: jobs:changes of a running job answers from the runner’s committed transitions: the same steps as filtering the whole tree', async () => {
    t = openTestApp();
    const { app } = t;
    app.lab.control.addFault({ kind: 'hang', itemId: 'app03', operation: 'create-replica' }, app.clock.now());
    const job = await app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    const since = app.clock.now().toISOString();
    const step = (itemId: string, op: string) => app.jobs.get(job.id).steps.find((node) => node.itemId === itemId && node.op === op)!;
    for (let waited = 0; waited < 5_000 && !(step('app03', 'create-replica').status === 'running' && step('app02', 'create-replica').status === 'succeeded'); waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const viaLog = app.jobs.changes(job.id, since);
    expect(viaLog.job.steps).toEqual([]); // answered from the log, not from the tree
    const whole = changesSince(app.jobs.get(job.id), since).steps;
    expect(whole.length).toBeGreaterThan(4);
    const logged = new Map(viaLog.steps.map((node) => [node.id, node]));
    for (const node of whole) expect(logged.get(node.id)).toEqual(node);
    const reply = (await dispatch(app, 'jobs:changes', { jobId: job.id, since })) as { ok: true; result: JobChanges };
    expect(reply.result.job).toMatchObject({ id: job.id, status: 'running', actions: { cancel: true } });
    expect(reply.result.steps.map((node) => node.id).sort()).toEqual([...logged.keys()].sort());
    app.lab.control.clearFaults();
    await rest(app, job.id);
  });

  it('R19: jobs:changes returns the job without its tree, only what changed since the given instant, and the next instant', async () => {
    t = openTestApp();
    const job = await t.app.jobs.start({ operation: 'test-failover', scope: { planId: 'plan-staging' }, testNetwork: { option: 'none' } });
    await t.app.jobs.settledJob(job.id);
    const first = (await dispatch(t.app, 'jobs:changes', { jobId: job.id, since: '2000-01-01T00:00:00.000Z' })) as { ok: true; result: JobChanges };
    expect(first.result.job).toMatchObject({ id: job.id, status: 'waiting-for-operator', actions: { completeTest: true } });
    expect(first.result.job).not.toHaveProperty('steps');
    expect(first.result.steps.length).toBeGreaterThan(0);
    expect(first.result.cleanup).toHaveLength(2);
    const later = (await dispatch(t.app, 'jobs:changes', { jobId: job.id, since: new Date(Date.parse(first.result.at) + 1).toISOString() })) as { ok: true; result: JobChanges };
    expect(later.result.steps).toEqual([]);
    expect(later.result.cleanup).toEqual([]);
  });
});
