// Cancel on fabric port v2 (R5): items not yet started are not started; an item under way runs to the end
// of its steps; only a call that hangs is aborted, and then the job returns to the operator instead of
// stranding the machine silently.
import { afterEach, describe, expect, it } from 'vitest';
import { generateEstate } from '../domain/estate/generate-estate.ts';
import { openTestApp, rest, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 10_000) throw new Error(`gave up waiting for ${what}`);
    await sleep(5);
  }
}

const applied = (t: TestApp, operation: string) => t.app.lab.ops().filter((op) => op.outcome === 'ok' && op.operation === operation).map((op) => op.itemId);

describe('cancel (R5)', () => {
  it("R5: a planned failover cancelled between a machine's shutdown and its replica start does not strand the machine", async () => {
    t = openTestApp({ estate: generateEstate({ machines: 20, groups: 4 }), maxParallelItems: 4 });
    t.app.lab.control.setSettings({ timeScale: 0.002 });
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-gen' } });
    await until(() => applied(t, 'shutdown').length > 0, 'a first shutdown');
    // Cancel answers at once (the request is recorded); the job rests once the machines under way are done.
    await t.app.jobs.cancel(job.id);
    const cancelled = await rest(t.app, job.id);
    expect(cancelled.status).toBe('cancelled');
    const shutDown = applied(t, 'shutdown');
    expect(shutDown.length).toBeGreaterThan(0);
    // Every machine that was shut down was also started on the other side: none left between the two.
    expect(applied(t, 'start-replica').sort()).toEqual([...shutDown].sort());
    for (const itemId of shutDown) expect(t.app.estate().items.find((item) => item.id === itemId)).toMatchObject({ powerState: 'running', failoverState: 'commit-pending' });
    // Items not yet started were not started.
    expect(shutDown.length).toBeLessThan(20);
    expect(cancelled.steps.find((node) => node.id === 'g4')?.status).toBe('pending');
  });

  it('R5: cancel while a fabric call hangs aborts it and returns the job to the operator; Retry finishes it', async () => {
    // The step timeout is far away: cancel must not wait for it.
    t = openTestApp({ stepTimeoutMs: 600_000, cancelGraceMs: 50 });
    t.app.lab.control.addFault({ kind: 'hang', itemId: 'app02', operation: 'create-replica' }, t.app.clock.now());
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { itemId: 'app02' } });
    await until(() => t.app.fabricCalls.forJob(job.id).some((call) => call.operation.op === 'create-replica'), 'the create-replica call');
    await t.app.jobs.cancel(job.id);
    const waiting = await rest(t.app, job.id);
    expect(waiting.status).toBe('waiting-for-operator');
    const step = waiting.steps.find((node) => node.op === 'create-replica')!;
    expect(step).toMatchObject({ status: 'waiting', error: expect.stringMatching(/had not applied it.*app02 is part-way through.*Retry finishes it/) });
    expect(applied(t, 'shutdown')).toEqual(['app02']);
    expect(applied(t, 'create-replica')).toEqual([]);

    t.app.lab.control.clearFaults();
    await t.app.jobs.retry(job.id);
    const done = await rest(t.app, job.id);
    expect(done.status).not.toBe('cancelled');
    expect(done.steps.find((node) => node.op === 'start-replica')?.status).toBe('succeeded');
    expect(applied(t, 'create-replica')).toEqual(['app02']);
    expect(applied(t, 'start-replica')).toEqual(['app02']);
    expect(t.app.estate().items.find((item) => item.id === 'app02')).toMatchObject({ activeSiteId: 'site-secondary', powerState: 'running' });
  });

  it('R10: a test failover cancelled while it creates its test resources deletes every one of them and ends cancelled', async () => {
    t = openTestApp();
    t.app.lab.control.setSettings({ timeScale: 0.002 });
    const job = await t.app.jobs.start({ operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Test-VLAN' } });
    await until(() => t.app.jobs.get(job.id).cleanup.length > 0, 'a first test resource');
    await t.app.jobs.cancel(job.id);
    const done = await rest(t.app, job.id);
    expect(done.status).toBe('cancelled');
    expect(done.cleanup.length).toBeGreaterThan(0);
    expect(done.cleanup.filter((entry) => !entry.deletedAt)).toEqual([]);
    expect(t.app.lab.testResources()).toEqual([]);
  });

  it('R5: a cancelled plan does not stop at its manual actions on the way out', async () => {
    t = openTestApp();
    t.app.lab.control.setSettings({ timeScale: 0.002 });
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-core' } });
    // Every machine is shut down first (one phase), so once a replica starts all of them are under way and the
    // cancel still fails each over, passing the manual action after Group 3 without waiting for anyone.
    await until(() => applied(t, 'start-replica').length > 0, 'a first replica start');
    await t.app.jobs.cancel(job.id);
    const done = await rest(t.app, job.id);
    expect(['cancelled', 'succeeded']).toContain(done.status);
    expect(done.steps.find((node) => node.gate === 'manual-action')).toMatchObject({ status: 'skipped', note: 'Skipped: the job was cancelled.' });
    expect(applied(t, 'start-replica').sort()).toEqual(applied(t, 'shutdown').sort());
  });

  it('R7: a job resting with a machine shut down at the source and not started at the target cannot be cancelled; the console says why', async () => {
    t = openTestApp({ stepTimeoutMs: 600_000, cancelGraceMs: 50 });
    t.app.lab.control.addFault({ kind: 'hang', itemId: 'app02', operation: 'create-replica' }, t.app.clock.now());
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { itemId: 'app02' } });
    await until(() => t.app.fabricCalls.forJob(job.id).some((call) => call.operation.op === 'create-replica'), 'the create-replica call');
    await t.app.jobs.cancel(job.id);
    const waiting = await rest(t.app, job.id);
    expect(waiting.status).toBe('waiting-for-operator');
    await expect(t.app.jobs.cancel(job.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/APP02|app02/) });
    expect(t.app.estate().items.find((item) => item.id === 'app02')).toMatchObject({ powerState: 'off' });
    expect(t.app.busyItemIds().has('app02')).toBe(true); // still held: nobody else may start on it meanwhile
  });
});
