import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch.ts';
import { openTestApp, type TestApp } from '../../../orchestration/testing.ts';
import type { DashboardSummary } from '../../../contract/dashboard.ts';

let t: TestApp;
afterEach(() => t?.dispose());

describe('dashboard:summary', () => {
  it('lists a job waiting for the operator among the active jobs, with its progress', async () => {
    t = openTestApp();
    const job = await t.app.jobs.start({ operation: 'test-failover', scope: { planId: 'plan-staging' }, testNetwork: { option: 'none' } });
    await t.app.jobs.settledJob(job.id);
    const reply = await dispatch(t.app, 'dashboard:summary', {});
    expect(reply.ok).toBe(true);
    const summary = (reply as { result: DashboardSummary }).result;
    expect(summary.activeJobs.map((active) => [active.id, active.status])).toEqual([[job.id, 'waiting-for-operator']]);
    expect(summary.activeJobs[0]!.progress).toBeGreaterThan(0);
  });

  it("reads the fabric's recovery points: injected replication lag makes an item late", async () => {
    t = openTestApp();
    const before = (await dispatch(t.app, 'dashboard:summary', {})) as { result: DashboardSummary };
    expect(before.result.recoveryPoints.find((entry) => entry.itemId === 'web01')?.health).toBe('current');
    t.app.lab.control.addFault({ kind: 'replication-lag', itemId: 'web01', seconds: 6 * 3600 }, t.app.clock.now());
    const after = (await dispatch(t.app, 'dashboard:summary', {})) as { result: DashboardSummary };
    const web01 = after.result.recoveryPoints.find((entry) => entry.itemId === 'web01');
    expect(web01?.health).toBe('late');
    expect(web01?.ageSeconds).toBeGreaterThanOrEqual(6 * 3600);
    expect(after.result.lateCount).toBe(before.result.lateCount + 1);
  });
});
