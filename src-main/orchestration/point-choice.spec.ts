// R5/R6: the recovery point an operator chooses is the one a failover uses, and the job records it with the
// data-loss window per machine; a planned failover refuses any choice with the reason.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, runToRest, stepsOf, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

describe('recovery point choice', () => {
  it('R6: an unplanned failover from the latest app-consistent point uses it and records it with the data-loss window per machine', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'unplanned-failover', scope: { planId: 'plan-apps' }, recoveryPoint: 'latest-app-consistent' });
    expect(job.status).toBe('succeeded');
    for (const step of stepsOf(job, 'create-replica')) {
      const item = t.app.estate().items.find((candidate) => candidate.id === step.itemId)!;
      const used = item.recoveryPoints.find((point) => point.id === step.result?.recoveryPointId);
      expect(used?.consistency).toBe('app');
      const latestApp = item.recoveryPoints.filter((point) => point.consistency === 'app').sort((a, b) => a.time.localeCompare(b.time)).at(-1);
      expect(used?.id).toBe(latestApp?.id);
      expect(job.summary?.items).toMatchObject({ [item.id]: { recoveryPointId: used?.id, dataLossSeconds: expect.any(Number) } });
    }
  });

  it('R5: a planned failover refuses a chosen recovery point with the reason instead of ignoring it', async () => {
    t = openTestApp();
    const point = (await t.app.lab.listRecoveryPoints('app02')).at(-1);
    for (const choice of [{ recoveryPoint: 'latest' as const }, { recoveryPointId: point!.id }]) {
      await expect(t.app.jobs.start({ operation: 'planned-failover', scope: { itemId: 'app02' }, ...choice })).rejects.toMatchObject({
        code: 'PREFLIGHT_FAILED',
        message: expect.stringMatching(/final synchronisation .*uses no chosen recovery point/),
      });
    }
    expect(t.app.lab.ops()).toEqual([]);
  });

  it('R2: a test failover from the latest app-consistent point records the point each test machine started from', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' }, recoveryPoint: 'latest-app-consistent' });
    const [created] = stepsOf(job, 'create-test-machine');
    // A test failover leaves replication running: the point is among the fabric's current points.
    const point = (await t.app.lab.listRecoveryPoints('app02')).find((candidate) => candidate.id === created?.result?.recoveryPointId);
    expect(point?.consistency).toBe('app');
  });
});

describe('R1 single Failover', () => {
  it('R1: planned and unplanned failover of VMware to Azure run the same steps (one Failover)', async () => {
    t = openTestApp();
    const planned = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-vmware' } });
    t.dispose();
    t = openTestApp();
    const unplanned = await runToRest(t.app, { operation: 'unplanned-failover', scope: { planId: 'plan-vmware' } });
    expect(planned.status).toBe('succeeded');
    expect(planned.steps.map((node) => [node.id, node.op])).toEqual(unplanned.steps.map((node) => [node.id, node.op]));
  });
});
