import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../composition/app-context.ts';
import { verifyAuditLog } from '../adapters/sqlite/audit-log.ts';
import { generateEstate } from '../domain/estate/generate-estate.ts';
import { availableActions } from './job-actions.ts';
import { openTestApp, rest, runToRest, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A planned failover of plan-apps whose console closes while a script before Group 1 runs; reopened and settled. */
async function crashDuringSlowScript() {
  t = openTestApp();
  await t.app.plans.addAction('plan-apps', 'g1', 'before', { id: 'slow', kind: 'script', title: 'Slow script', command: 'sleep 1', timeoutSeconds: 10 });
  const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-apps' } });
  await sleep(300);
  t.app.close();
  const reopened = createAppContext({ dataDir: t.dir });
  try {
    reopened.lab.control.setSettings({ timeScale: 0 });
    reopened.jobs.resumeAll();
    await reopened.jobs.settledJob(job.id);
  } catch (error) {
    reopened.close();
    throw error;
  }
  return { job, reopened };
}

describe('durability and resume', () => {
  it('R5: a job left in flight by a closed console resumes on the next open and repeats no fabric operation', async () => {
    t = openTestApp();
    t.app.lab.control.setSettings({ timeScale: 0.004 });
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    await sleep(500);
    t.app.close();
    const reopened = createAppContext({ dataDir: t.dir });
    try {
      expect(reopened.jobs.get(job.id).status).toBe('running');
      reopened.lab.control.setSettings({ timeScale: 0 });
      expect(reopened.jobs.resumeAll()).toEqual([job.id]);
      await reopened.jobs.settledJob(job.id);
      expect(reopened.jobs.get(job.id).status).toBe('succeeded');
      const applied = reopened.lab.ops().filter((op) => op.outcome === 'ok');
      expect(new Set(applied.map((op) => `${op.itemId}/${op.operation}`)).size).toBe(applied.length);
      expect(applied).toHaveLength(12);
      expect(verifyAuditLog(reopened.db).ok).toBe(true);
    } finally {
      reopened.close();
    }
  });

  it('a resumed call is reconciled from its journal: the operation under way is polled on its handle, never started again', async () => {
    t = openTestApp();
    t.app.lab.control.addFault({ kind: 'hang', itemId: 'app02', operation: 'create-replica' }, t.app.clock.now());
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { itemId: 'app02' } });
    for (let waited = 0; waited < 5_000 && !t.app.db.prepare("SELECT 1 FROM fabric_calls WHERE status = 'started'").get(); waited += 10) await sleep(10);
    t.app.close();
    const reopened = createAppContext({ dataDir: t.dir });
    try {
      reopened.lab.control.setSettings({ timeScale: 0 });
      reopened.lab.control.clearFaults(); // the hung operation completes on the next poll
      const started: string[] = [];
      const lab = reopened.lab.adapter;
      const start = lab.start.bind(lab);
      lab.start = (operation, key, options) => {
        started.push(`${operation.op} ${key}`);
        return start(operation, key, options);
      };
      reopened.jobs.resumeAll();
      await reopened.jobs.settledJob(job.id);
      expect(reopened.jobs.get(job.id).status).toBe('succeeded');
      expect(started.filter((call) => call.startsWith('create-replica'))).toEqual([]);
      expect(started.map((call) => call.split(' ')[0])).toEqual(['start-replica']);
    } finally {
      reopened.close();
    }
  });

  it('a script interrupted by a crash waits for the operator instead of running twice', async () => {
    const { job, reopened } = await crashDuringSlowScript();
    try {
      const waiting = reopened.jobs.get(job.id);
      expect(waiting).toMatchObject({ status: 'waiting-for-operator', phase: 'step-decision' });
      expect(waiting.steps.find((node) => node.id === 'g1/before-slow')).toMatchObject({ status: 'waiting', error: expect.stringMatching(/outcome is unknown/) });
      await reopened.jobs.markStepDone(job.id, 'g1/before-slow', 'Checked by hand: the script had finished.');
      await reopened.jobs.settledJob(job.id);
      expect(reopened.jobs.get(job.id).status).toBe('succeeded');
      expect(reopened.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'step.marked-done'").get()).toEqual({ n: 1 });
    } finally {
      reopened.close();
    }
  });

  it('R5: Retry leaves out a script that may already have run; the engine names it, and it is retried only on its own', async () => {
    const { job, reopened } = await crashDuringSlowScript();
    try {
      const waiting = reopened.jobs.get(job.id);
      expect(availableActions(waiting, false)).toMatchObject({ retry: false, retrySteps: [], mayHaveRun: [{ stepId: 'g1/before-slow', label: 'Slow script' }] });
      await expect(reopened.jobs.retry(job.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/may already have run.*g1\/before-slow/) });
      await reopened.jobs.retry(job.id, 'g1/before-slow');
      await reopened.jobs.settledJob(job.id);
      expect(reopened.jobs.get(job.id).status).toBe('succeeded');
    } finally {
      reopened.close();
    }
  });

  it('plan edits (a manual action before Group 1) persist across restarts', async () => {
    t = openTestApp();
    await t.app.plans.addAction('plan-apps', 'g1', 'before', { id: 'ad-dns', kind: 'manual', title: 'Prepare AD/DNS', instructions: 'Fail over DC01 into the test network first.' });
    t.app.close();
    const reopened = createAppContext({ dataDir: t.dir });
    try {
      expect(reopened.estate().plans.find((plan) => plan.id === 'plan-apps')!.groups[0]!.before.map((action) => action.id)).toEqual(['ad-dns']);
    } finally {
      reopened.close();
    }
  });
});

describe('actions, timeouts and cancel', () => {
  it('script actions run locally with captured output; a non-zero exit fails the step and stops a planned failover (R5)', async () => {
    t = openTestApp();
    await t.app.plans.addAction('plan-apps', 'g1', 'before', { id: 'hello', kind: 'script', title: 'Say hello', command: 'echo hello from $FAILOVER_CONSOLE_JOB_ID', timeoutSeconds: 10 });
    await t.app.plans.addAction('plan-apps', 'g1', 'after', { id: 'boom', kind: 'script', title: 'Fails', command: 'echo boom >&2; exit 3', timeoutSeconds: 10 });
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    expect(job.steps.find((node) => node.id === 'g1/before-hello')).toMatchObject({ status: 'succeeded', output: `hello from ${job.id}\n` });
    expect(job.steps.find((node) => node.id === 'g1/after-boom')).toMatchObject({ status: 'failed', output: 'boom\n', error: expect.stringMatching(/code 3/) });
    expect(job.status).toBe('failed');
    // R5 for a plan: every source is shut down and its replica created first; Group 2 never starts.
    expect(t.app.lab.ops({ itemId: 'file01' }).map((op) => op.operation)).not.toContain('start-replica');
  });

  it('a script that outlives its timeout is killed and fails the step', async () => {
    t = openTestApp();
    await t.app.plans.addAction('plan-apps', 'g1', 'before', { id: 'slow', kind: 'script', title: 'Too slow', command: 'sleep 30', timeoutSeconds: 1 });
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    expect(job.steps.find((node) => node.id === 'g1/before-slow')).toMatchObject({ status: 'failed', error: expect.stringMatching(/within 1 s/) });
  });

  it('R5: a fabric call that outlives the step timeout leaves its step waiting with an unknown outcome, not failed', async () => {
    t = openTestApp({ stepTimeoutMs: 200 });
    t.app.lab.control.addFault({ kind: 'hang', itemId: 'app02', operation: 'create-replica' }, t.app.clock.now());
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { itemId: 'app02' } });
    expect(job).toMatchObject({ status: 'waiting-for-operator', phase: 'step-decision' });
    expect(job.steps.find((node) => node.op === 'create-replica')).toMatchObject({ status: 'waiting', error: expect.stringMatching(/did not finish within .*outcome is unknown/) });
  });

  // The runner stops what the fabric has not applied when a step times out (docs/decisions.md "Runner on fabric
  // port v2"); the lab had not applied it, so its try is cancelled there and Retry sends it under a key of its own.
  it('R5: a timed-out call the lab had not applied is cancelled there; Retry applies it exactly once', async () => {
    t = openTestApp({ stepTimeoutMs: 250 });
    t.app.lab.control.setSettings({ timeScale: 0.006 }); // create-replica ≈ 360 ms: longer than the step timeout
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { itemId: 'app02' } });
    expect(job.steps.find((node) => node.op === 'create-replica')?.status).toBe('waiting');
    await sleep(300); // past the moment it was due: a try the lab had not cancelled would have applied by now
    t.app.lab.control.setSettings({ timeScale: 0 });
    await t.app.jobs.retry(job.id);
    const done = await rest(t.app, job.id);
    expect(done.status).toBe('succeeded');
    const replicas = t.app.lab.ops({ itemId: 'app02' }).filter((op) => op.operation === 'create-replica');
    const key = `${job.id}/${done.steps.find((node) => node.op === 'create-replica')!.id}#1`;
    expect(replicas.map((op) => [op.key, op.outcome])).toEqual([
      [key, 'cancelled'],
      [`${key}~r`, 'ok'],
    ]);
  });

  it('cancel stops a running job between steps and releases its machines', async () => {
    // Four machines at a time, cancelled at the first shutdown: the machines not yet begun are never started.
    t = openTestApp({ estate: generateEstate({ machines: 20, groups: 4 }), maxParallelItems: 4 });
    t.app.lab.control.setSettings({ timeScale: 0.002 });
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-gen' } });
    for (let waited = 0; !t.app.lab.ops().some((op) => op.operation === 'shutdown' && op.outcome === 'ok'); waited += 5) {
      if (waited > 10_000) throw new Error('no shutdown within 10 s');
      await sleep(5);
    }
    // Cancel answers at once (cancel requested); the job stops before its next step.
    expect(await t.app.jobs.cancel(job.id)).toMatchObject({ status: 'running', cancelRequested: true });
    const cancelled = await rest(t.app, job.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.steps.some((node) => node.status === 'running')).toBe(false);
    expect(cancelled.steps.find((node) => node.id === 'g4')?.status).toBe('pending');
    expect(t.app.busyItemIds().size).toBe(0);
  });
});

describe('events', () => {
  it('R19: progress is published per job, coalesced to at most ~20 per second', async () => {
    t = openTestApp({ estate: generateEstate({ machines: 200, groups: 4 }), maxParallelItems: 50 });
    const times: number[] = [];
    let last: { progress: number; status: string } | undefined;
    t.app.events.subscribe((name, payload) => {
      if (name !== 'jobs:progress') return;
      times.push(Date.now());
      last = payload as { progress: number; status: string };
    });
    const started = Date.now();
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-gen' } });
    await sleep(120);
    const elapsed = Date.now() - started;
    expect(job.steps.filter((node) => node.kind === 'step')).toHaveLength(800);
    expect(times.length).toBeGreaterThan(0);
    expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 1);
    for (let index = 1; index < times.length; index++) expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(45);
    expect(last).toMatchObject({ status: 'succeeded', progress: 100 });
  });

  it('estate changes are announced, coalesced, with the machines that changed', async () => {
    t = openTestApp();
    const changed = new Set<string>();
    t.app.events.subscribe((name, payload) => {
      if (name === 'estate:changed') for (const id of (payload as { itemIds: string[] }).itemIds) changed.add(id);
    });
    await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    await sleep(120);
    expect([...changed].sort()).toEqual(['app02', 'app03', 'file01']);
  });
});

describe('operator decisions', () => {
  it('R19: notes are saved with the job and every decision is audited', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' } }, 'Quarterly drill');
    expect(job.notes).toBe('Quarterly drill');
    await t.app.jobs.notes(job.id, 'Quarterly drill — app owner on the bridge');
    await t.app.jobs.completeTest(job.id, 'App responds.');
    const done = await rest(t.app, job.id);
    expect(done.notes).toBe('Quarterly drill — app owner on the bridge\nApp responds.');
    const actions = (t.app.db.prepare('SELECT action FROM audit_log WHERE job_id = ? ORDER BY seq').all(job.id) as { action: string }[]).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['job.created', 'job.notes', 'test.completed', 'job.succeeded']));
    expect(verifyAuditLog(t.app.db).ok).toBe(true);
  });
});
