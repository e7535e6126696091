import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../contract/errors.ts';
import { openTestApp, rest, runToRest, stepsOf, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

const item = (t: TestApp, id: string) => t.app.estate().items.find((candidate) => candidate.id === id)!;

describe('failback', () => {
  it('R15: synchronising before the failover copies a snapshot while running, then waits for Complete Failover', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'failback', scope: { planId: 'plan-branch-return' }, sync: 'before' });
    expect(job).toMatchObject({ status: 'waiting-for-operator', phase: 'complete-failover' });
    expect(item(t, 'br-file01')).toMatchObject({ activeSiteId: 'site-azure', powerState: 'running' });
    expect(stepsOf(job, 'failback-snapshot').every((step) => step.status === 'succeeded')).toBe(true);
    await t.app.jobs.completeFailover(job.id);
    const done = await rest(t.app, job.id);
    expect(done.status).toBe('succeeded');
    expect(item(t, 'br-file01')).toMatchObject({ activeSiteId: 'site-hyperv', failoverState: 'commit-pending', powerState: 'running' });
  });

  it('R15: synchronising during failover only shuts down, resynchronises changed blocks and starts, without an operator wait', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'failback', scope: { planId: 'plan-branch-return' }, sync: 'during' });
    expect(job.status).toBe('succeeded');
    expect(stepsOf(job, 'failback-final-delta')[0]?.args).toEqual({ mode: 'changed-blocks' });
    expect(job.steps.some((node) => node.gate === 'complete-failover')).toBe(false);
  });

  it('R15: without a choice the recommendation applies — "before" after a month or more in Azure', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'failback', scope: { itemId: 'br-web01' } });
    expect(job.phase).toBe('complete-failover'); // the lab's branch machines have been in Azure for 45 days
  });

  it('R15: a failback from Azure with a kind of point records its final synchronisation per machine, with no data loss', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'failback', scope: { planId: 'plan-branch-return' }, sync: 'during', recoveryPoint: 'latest-app-consistent' });
    expect(job.status).toBe('succeeded');
    for (const id of ['br-file01', 'br-web01']) {
      expect(job.summary?.items).toHaveProperty([id], expect.objectContaining({ recoveryPoint: 'final-synchronisation', recoveryPointTime: expect.any(String), dataLossSeconds: 0, synced: true }));
    }
    expect(job.summary?.maxDataLossSeconds).toBe(0);
  });

  it('R17: a failback of one machine from a custom point starts it from that point without the final synchronisation, recording the point and its data-loss window', async () => {
    t = openTestApp();
    const points = [...(await t.app.lab.listRecoveryPoints('pay02'))].sort((a, b) => a.time.localeCompare(b.time));
    const older = points[0]!;
    const job = await runToRest(t.app, { operation: 'failback', scope: { itemId: 'pay02' }, recoveryPointId: older.id });
    expect(job.status).toBe('succeeded');
    expect(stepsOf(job, 'sync')).toEqual([]);
    const window = Math.ceil((Date.parse(job.endedAt!) - Date.parse(older.time)) / 1000);
    expect(job.summary?.items).toHaveProperty(['pay02'], expect.objectContaining({ recoveryPointId: older.id, recoveryPointTime: older.time, synced: false }));
    const recorded = (job.summary?.items as Record<string, { dataLossSeconds: number }>)['pay02']!.dataLossSeconds;
    expect(recorded).toBeGreaterThan(60);
    expect(Math.abs(recorded - window)).toBeLessThanOrEqual(2);
    expect(item(t, 'pay02')).toMatchObject({ activeSiteId: 'site-primary', failoverState: 'commit-pending', lastFailover: { recoveryPointId: older.id } });
  });

  it('R17: a failback with a kind of point still synchronises after shutdown and records no data loss', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'failback', scope: { itemId: 'pay02' }, recoveryPoint: 'latest-app-consistent' });
    expect(job.status).toBe('succeeded');
    expect(stepsOf(job, 'sync').map((step) => step.status)).toEqual(['succeeded']);
    expect(job.summary?.items).toHaveProperty(['pay02'], expect.objectContaining({ synced: true, dataLossSeconds: 0 }));
  });

  it('R15: a failback from Azure with a custom point is refused before anything is shut down', async () => {
    t = openTestApp();
    const point = (await t.app.lab.listRecoveryPoints('br-web01'))[0]!;
    await expect(t.app.jobs.start({ operation: 'failback', scope: { itemId: 'br-web01' }, sync: 'during', recoveryPointId: point.id })).rejects.toMatchObject({ code: 'PREFLIGHT_FAILED' });
    expect(t.app.lab.ops()).toEqual([]);
  });

  it('R16: failback to an alternate host creates the VM when it does not exist', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'failback', scope: { itemId: 'br-web01' }, sync: 'during', alternateHostId: 'hv-b-02', createVmIfMissing: true });
    expect(job.status).toBe('succeeded');
    expect(stepsOf(job, 'create-vm')[0]?.result).toEqual({ created: true, hostId: 'hv-b-02' });
    expect(item(t, 'br-web01')).toMatchObject({ activeSiteId: 'site-hyperv', hostId: 'hv-b-02' });
  });

  it('R16: without "create the VM if it does not exist" a missing VM refuses the failback before anything is shut down', async () => {
    t = openTestApp();
    const error = await t.app.jobs.start({ operation: 'failback', scope: { itemId: 'br-web01' }, sync: 'during', alternateHostId: 'hv-b-02' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PREFLIGHT_FAILED' });
    expect((error as AppError).details).toContainEqual(expect.objectContaining({ ruleId: 'R16', status: 'fail', message: expect.stringMatching(/Create the on-premises virtual machine/) }));
    expect(t.app.lab.ops()).toEqual([]);
    expect(item(t, 'br-web01').powerState).toBe('running');
  });

  it('R17: failback from a secondary site is a planned failover back, then reverse replication', async () => {
    t = openTestApp();
    await runToRest(t.app, { operation: 'planned-failover', scope: { itemId: 'app02' } });
    await runToRest(t.app, { operation: 'commit', scope: { itemId: 'app02' } });
    await runToRest(t.app, { operation: 'reverse-replication', scope: { itemId: 'app02' } });
    // Reverse replication made the secondary site the replication source: failing back is a planned failover (R17).
    const failback = await runToRest(t.app, { operation: 'planned-failover', scope: { itemId: 'app02' } });
    expect(failback.status).toBe('succeeded');
    expect(stepsOf(failback, 'shutdown')).toHaveLength(1);
    expect(item(t, 'app02')).toMatchObject({ activeSiteId: 'site-primary', failoverState: 'commit-pending' });
    await runToRest(t.app, { operation: 'commit', scope: { itemId: 'app02' } });
    const reverse = await runToRest(t.app, { operation: 'reverse-replication', scope: { itemId: 'app02' } });
    expect(reverse.status).toBe('succeeded');
    expect(item(t, 'app02')).toMatchObject({ primarySiteId: 'site-primary', recoverySiteId: 'site-secondary', activeSiteId: 'site-primary' });
  });
});

describe('planned failover from Azure', () => {
  it('R15: a planned failover of machines running in Azure runs the failback steps', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { itemId: 'br-web01' }, sync: 'during' });
    expect(job.status).toBe('succeeded');
    expect(job.operation).toBe('planned-failover');
    expect(stepsOf(job, 'failback-final-delta')).toHaveLength(1);
    expect(item(t, 'br-web01').activeSiteId).toBe('site-hyperv');
  });
});
