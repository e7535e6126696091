import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.ts';
import { openTestApp, rest, runToRest, stepsOf, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

const opsOf = (t: TestApp, itemId: string) => t.app.lab.ops({ itemId }).filter((op) => op.outcome === 'ok').map((op) => op.operation);

describe('planned failover', () => {
  it('R5: a planned failover of a plan shuts every source down first, then fails over, then starts the groups in order', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-core' } });
    expect(job.phase).toBe('manual-action');
    const ops = t.app.lab.ops().filter((op) => op.outcome === 'ok');
    const seqs = (operation: string) => ops.filter((op) => op.operation === operation).map((op) => op.seq);
    expect(Math.max(...seqs('shutdown'))).toBeLessThan(Math.min(...seqs('final-sync')));
    expect(Math.max(...seqs('create-replica'))).toBeLessThan(Math.min(...seqs('start-replica')));
    const started = ops.filter((op) => op.operation === 'start-replica').map((op) => op.itemId);
    expect(started.slice(0, 2)).toEqual(['dc01', 'sql01']);
  });

  it('R5: shuts each source down first, then syncs, creates and starts the replica; R8: protected on a secondary site', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    expect(job.status).toBe('succeeded');
    for (const id of ['app02', 'app03', 'file01']) {
      expect(opsOf(t, id)).toEqual(['shutdown', 'final-sync', 'create-replica', 'start-replica']);
      const item = t.app.estate().items.find((candidate) => candidate.id === id)!;
      expect(item).toMatchObject({ activeSiteId: 'site-secondary', failoverState: 'commit-pending', powerState: 'running' });
      expect(item.replication.state).toBe('protected');
      expect(item.lastFailover?.type).toBe('planned');
    }
    // R5: no data loss — the replica runs from the point synchronised after shutdown.
    expect(job.summary?.maxDataLossSeconds).toBe(0);
  });

  it('R5: an error stops the plan — no later group starts — and re-initiating resumes from the failed step', async () => {
    t = openTestApp();
    t.app.lab.control.addFault({ kind: 'operation-fails', itemId: 'sql01', operation: 'create-replica', mode: 'always' }, t.app.clock.now());
    const failed = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-core' } });
    expect(failed.status).toBe('failed');
    expect(failed.steps.find((node) => node.id === 'failover/g2/items/sql01/create-replica')).toMatchObject({ status: 'failed', error: expect.stringContaining('injected') });
    // Every source was shut down first; no group started, and Group 3 was not failed over.
    expect(opsOf(t, 'web01')).toEqual(['shutdown']);
    expect(t.app.lab.ops().filter((op) => op.operation === 'start-replica')).toEqual([]);
    expect(failed.steps.find((node) => node.id === 'g1')?.status).toBe('pending');

    t.app.lab.control.clearFaults();
    await t.app.jobs.retry(failed.id);
    let job = await rest(t.app, failed.id);
    expect(job.status).toBe('waiting-for-operator'); // the manual action after Group 3
    expect(job.phase).toBe('manual-action');
    await t.app.jobs.confirm(job.id, undefined, 'Intranet loads from the recovery site.');
    job = await rest(t.app, failed.id);
    expect(job.status).toBe('succeeded');
    // Completed steps were not redone: sql01 was shut down and synchronised once, dc01 failed over once.
    expect(opsOf(t, 'sql01')).toEqual(['shutdown', 'final-sync', 'create-replica', 'start-replica']);
    expect(opsOf(t, 'dc01')).toEqual(['shutdown', 'final-sync', 'create-replica', 'start-replica']);
    expect(job.steps.find((node) => node.id === 'failover/g2/items/sql01/create-replica')?.attempt).toBe(2);
    expect(job.steps.find((node) => node.id === 'g3/after-check-web')?.note).toBe('Intranet loads from the recovery site.');
  });

  it('R2: refuses to start a planned failover of a plan with a machine in initial replication, with the failed checks as details', async () => {
    t = openTestApp();
    const error = await t.app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-finance' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('PREFLIGHT_FAILED');
    expect((error as AppError).details).toContainEqual(expect.objectContaining({ ruleId: 'R2', status: 'fail', subject: expect.objectContaining({ id: 'fin-app01' }) }));
    expect(((error as AppError).details as { status: string }[]).every((check) => check.status === 'fail')).toBe(true);
    expect(t.app.jobs.list()).toEqual([]);
    expect(t.app.lab.ops()).toEqual([]);
  });

  it('runs one operation at a time per item (LOCK)', async () => {
    t = openTestApp();
    const first = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-core' } });
    expect(first.status).toBe('waiting-for-operator');
    const error = await t.app.jobs.start({ operation: 'test-failover', scope: { itemId: 'web01' } }).catch((caught: unknown) => caught);
    expect((error as AppError).code).toBe('PREFLIGHT_FAILED');
    expect(t.app.busyItemIds().has('web01')).toBe(true);
  });
});

describe('unplanned failover', () => {
  it('R6: falls back to the latest recovery point when shutdown-and-sync fails, runs past errors and reports the data-loss window', async () => {
    t = openTestApp();
    const now = t.app.clock.now();
    t.app.lab.control.addFault({ kind: 'operation-fails', itemId: 'dc01', operation: 'shutdown', mode: 'always' }, now);
    t.app.lab.control.addFault({ kind: 'boot-failure', itemId: 'sql01', mode: 'always' }, now);
    const job = await runToRest(t.app, { operation: 'unplanned-failover', scope: { planId: 'plan-core' }, shutdownAndSync: true });
    await t.app.jobs.confirm(job.id, undefined, 'checked');
    const done = await rest(t.app, job.id);
    expect(done.status).toBe('partially-succeeded');
    const items = done.summary?.items as Record<string, { status: string; dataLossSeconds?: number; synced?: boolean }>;
    expect(items.dc01).toMatchObject({ status: 'succeeded', synced: false });
    expect(items.dc01!.dataLossSeconds).toBeGreaterThan(0);
    expect(items.sql01!.status).toBe('failed');
    // Errors do not stop the plan: Group 3 ran although Group 2 failed, with no data loss after a sync.
    for (const id of ['web01', 'web02', 'app01']) expect(items[id]).toMatchObject({ status: 'succeeded', synced: true, dataLossSeconds: 0 });
    expect(stepsOf(done, 'shutdown-and-sync').find((node) => node.itemId === 'dc01')?.status).toBe('failed');
  });

  it('R6: fails over from the latest point when the source site is down; R8: not protected after unplanned to a secondary site', async () => {
    t = openTestApp();
    t.app.lab.control.addFault({ kind: 'site-unreachable', siteId: 'site-primary' }, t.app.clock.now());
    const job = await runToRest(t.app, { operation: 'unplanned-failover', scope: { planId: 'plan-apps' }, shutdownAndSync: true });
    expect(job.status).toBe('succeeded');
    const app02 = t.app.estate().items.find((item) => item.id === 'app02')!;
    expect(app02).toMatchObject({ activeSiteId: 'site-secondary', failoverState: 'commit-pending' });
    expect(app02.replication.state).toBe('not-protected');
    expect(app02.lastFailover?.recoveryPointId).toBe(app02.recoveryPoints.at(-1)?.id);
  });

  it('R8: a failover to Azure leaves the machines not protected', async () => {
    t = openTestApp();
    // plan-branch's vault is not encrypted: no certificate needed (R4 with a bound certificate: jobs-r4.spec.ts).
    const job = await runToRest(t.app, { operation: 'unplanned-failover', scope: { planId: 'plan-branch' } });
    expect(job.status).toBe('succeeded');
    for (const id of ['br-dc01', 'br-app01']) {
      const item = t.app.estate().items.find((candidate) => candidate.id === id)!;
      expect(item.activeSiteId).toBe('site-azure');
      expect(item.replication.state).toBe('not-protected');
    }
  });
});

describe('commit and recovery points', () => {
  it('R7: commit is refused by pre-flight unless the items are commit pending; nothing is issued to the fabric', async () => {
    t = openTestApp();
    const error = await t.app.jobs.start({ operation: 'commit', scope: { planId: 'plan-apps' } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PREFLIGHT_FAILED' });
    // A whole plan is refused only when no member is commit pending; each member is reported with its reason.
    expect((error as AppError).details).toContainEqual(expect.objectContaining({ ruleId: 'R7', status: 'fail', subject: expect.objectContaining({ id: 'plan-apps' }) }));
    const item = await t.app.jobs.start({ operation: 'commit', scope: { itemId: 'app02' } }).catch((caught: unknown) => caught);
    expect((item as AppError).details).toContainEqual(expect.objectContaining({ ruleId: 'R7', status: 'fail', subject: expect.objectContaining({ id: 'app02' }) }));
    expect(t.app.jobs.list()).toEqual([]);
    expect(t.app.lab.ops()).toEqual([]);
  });

  it('R7: the operator changes the recovery point before commit; commit keeps only that point', async () => {
    t = openTestApp();
    await runToRest(t.app, { operation: 'unplanned-failover', scope: { itemId: 'app02' } });
    const points = t.app.estate().items.find((item) => item.id === 'app02')!.recoveryPoints;
    expect(points.length).toBeGreaterThan(2);
    const older = points[points.length - 3]!;
    const changed = await runToRest(t.app, { operation: 'change-recovery-point', scope: { itemId: 'app02' }, recoveryPointId: older.id });
    expect(changed.status).toBe('succeeded');
    const committed = await runToRest(t.app, { operation: 'commit', scope: { itemId: 'app02' } });
    expect(committed.status).toBe('succeeded');
    const item = t.app.estate().items.find((candidate) => candidate.id === 'app02')!;
    expect(item.failoverState).toBe('committed');
    expect(item.recoveryPoints.map((point) => point.id)).toEqual([older.id]);
    expect(stepsOf(committed, 'commit')[0]?.result).toEqual({ removedRecoveryPoints: points.length - 1 });
  });
});

describe('reverse replication', () => {
  it('R9: delta after a planned failover, full transfer (initial replication method) after an unplanned one', async () => {
    t = openTestApp();
    await runToRest(t.app, { operation: 'planned-failover', scope: { itemId: 'app02' } });
    await runToRest(t.app, { operation: 'unplanned-failover', scope: { itemId: 'app03' } });
    for (const id of ['app02', 'app03']) expect((await runToRest(t.app, { operation: 'commit', scope: { itemId: id } })).status).toBe('succeeded');
    const delta = await runToRest(t.app, { operation: 'reverse-replication', scope: { itemId: 'app02' } });
    const full = await runToRest(t.app, { operation: 'reverse-replication', scope: { itemId: 'app03' } });
    expect(stepsOf(delta, 'reverse-replication')[0]?.args).toMatchObject({ mode: 'delta' });
    expect(stepsOf(full, 'reverse-replication')[0]?.args).toMatchObject({ mode: 'full', method: 'over-network' });
    for (const id of ['app02', 'app03']) {
      const item = t.app.estate().items.find((candidate) => candidate.id === id)!;
      // Replication now flows from where the machine runs; its home site stays the primary (R17 fails it back there).
      expect(item).toMatchObject({ primarySiteId: 'site-primary', recoverySiteId: 'site-secondary', activeSiteId: 'site-secondary', failoverState: 'none' });
      expect(item.replication.state).toBe('protected');
    }
  });

  it('R9: reverse replication waits until the other site is available', async () => {
    t = openTestApp();
    await runToRest(t.app, { operation: 'unplanned-failover', scope: { itemId: 'app02' } });
    await runToRest(t.app, { operation: 'commit', scope: { itemId: 'app02' } });
    t.app.lab.control.addFault({ kind: 'site-unreachable', siteId: 'site-primary' }, t.app.clock.now());
    const opsBefore = t.app.lab.ops().length;
    const error = await t.app.jobs.start({ operation: 'reverse-replication', scope: { itemId: 'app02' } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PREFLIGHT_FAILED' });
    expect((error as AppError).details).toContainEqual(expect.objectContaining({ ruleId: 'R9', status: 'fail', message: expect.stringMatching(/not reachable/) }));
    expect(t.app.lab.ops()).toHaveLength(opsBefore);
  });
});

describe('direction', () => {
  it('R3: with the direction chosen for a plan active on both sides, machines already on the target are left alone', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-payroll' }, direction: { sourceSiteId: 'site-primary', targetSiteId: 'site-secondary' } });
    expect(job.status).toBe('succeeded');
    expect(job.itemIds).toEqual(['pay01']);
    expect(opsOf(t, 'pay02')).toEqual([]);
    expect(t.app.estate().items.find((item) => item.id === 'pay02')!.powerState).toBe('running');
  });

  it('refuses a recovery point for a whole plan: a point belongs to one machine', async () => {
    t = openTestApp();
    await expect(t.app.jobs.start({ operation: 'unplanned-failover', scope: { planId: 'plan-apps' }, recoveryPointId: 'app02-rp3' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('one operation at a time per item', () => {
  it('LOCK: a failed job cannot be re-initiated once another job holds its machines', async () => {
    t = openTestApp();
    t.app.lab.control.addFault({ kind: 'operation-fails', itemId: 'app02', operation: 'shutdown', mode: 'always' }, t.app.clock.now());
    const failed = await runToRest(t.app, { operation: 'planned-failover', scope: { itemId: 'app02' } });
    expect(failed.status).toBe('failed');
    const test = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' } });
    expect(test.phase).toBe('complete-test');
    await expect(t.app.jobs.retry(failed.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
