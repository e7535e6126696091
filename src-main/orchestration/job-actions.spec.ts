import { afterEach, describe, expect, it } from 'vitest';
import { availableActions } from './job-actions.ts';
import { partWayItems } from './decisions.ts';
import { openTestApp, rest, runToRest, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

describe('job actions offered to the operator', () => {
  it('R19: a test failover of plan-core offers the manual action with its instructions first, then Complete Test', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Test-VLAN' } });
    const atAction = availableActions(job, false);
    expect(atAction.confirm).toHaveLength(1);
    expect(atAction.confirm[0]!.instructions.length).toBeGreaterThan(0);
    expect(atAction.completeTest).toBe(false);
    expect(atAction.completeFailover).toBe(false);
    await t.app.jobs.confirm(job.id, atAction.confirm[0]!.stepId, 'checked');
    const atTest = availableActions(await rest(t.app, job.id), false);
    expect(atTest.confirm).toEqual([]);
    expect(atTest.completeTest).toBe(true);
    // R10: test machines exist, so the job is completed (and cleaned up) rather than cancelled.
    expect(atTest.cancel).toBe(false);
    expect(atTest.cancelBlockedReason).toMatch(/R10/);
  });

  it('a finished job offers nothing but notes', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-staging' }, testNetwork: { option: 'none' } });
    await t.app.jobs.completeTest(job.id, 'ok');
    const done = await rest(t.app, job.id);
    expect(done.status).toBe('succeeded');
    expect(availableActions(done, false)).toEqual({ confirm: [], completeTest: false, completeFailover: false, retry: false, retrySteps: [], mayHaveRun: [], cancel: false, markDone: [], notes: true });
  });

  it('offline first: a step on an unreachable site fails with the reason and offers Retry and mark done; Retry succeeds once the site is back', async () => {
    t = openTestApp();
    // Pre-flight refuses an unreachable target, so the outage starts once the job runs (simulated time slowed).
    t.app.lab.control.setSettings({ timeScale: 0.002 });
    const started = await t.app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    t.app.lab.control.addFault({ kind: 'site-unreachable', siteId: 'site-secondary' }, t.app.clock.now());
    const failed = await rest(t.app, started.id);
    expect(failed.status).toBe('failed');
    const failedSteps = failed.steps.filter((node) => node.status === 'failed' && node.op);
    expect(failedSteps.length).toBeGreaterThan(0);
    expect(failedSteps[0]!.error).toMatch(/unreachable/);
    const offered = availableActions(failed, false);
    expect(offered.retry).toBe(true);
    expect(offered.retrySteps).toEqual(expect.arrayContaining(failedSteps.map((node) => node.id)));
    expect(offered.markDone).toEqual(expect.arrayContaining(failedSteps.map((node) => node.id)));
    // R7: cancel is offered unless a machine was shut down at the source and not started at the target.
    const partWay = partWayItems(failed);
    expect(offered.cancel).toBe(partWay.length === 0);
    if (partWay.length > 0) expect(offered.cancelBlockedReason).toMatch(/shut down at the source/);
    t.app.lab.control.clearFaults();
    await t.app.jobs.retry(failed.id);
    expect((await rest(t.app, failed.id)).status).toBe('succeeded');
  });

  it('a running job can be cancelled from any console process (its owner stops it on its heartbeat), once', () => {
    const job = { status: 'running', operation: 'planned-failover', cancelRequested: false, cleanup: [], steps: [] } as unknown as Parameters<typeof availableActions>[0];
    expect(availableActions(job, true).cancel).toBe(true);
    const elsewhere = availableActions(job, false);
    expect(elsewhere.cancel).toBe(true);
    expect(elsewhere.cancelBlockedReason).toBeUndefined();
    expect(availableActions({ ...job, cancelRequested: true }, false).cancel).toBe(false);
  });
});
