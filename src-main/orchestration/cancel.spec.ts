// Cancel returns at once: it records the request (compare-and-set, audited) and never waits for the runner; the
// process that drives the job stops it before its next step — this one at once, another on its heartbeat.
import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../composition/app-context.ts';
import { generateEstate } from '../domain/estate/generate-estate.ts';
import { openTestApp, rest, type TestApp } from './testing.ts';

let t: TestApp;
let other: AppContext | undefined;
afterEach(() => {
  other?.close();
  other = undefined;
  t?.dispose();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 400; tries++) {
    if (check()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('cancel', () => {
  it('R5: cancel while a fabric call hangs answers before the hang ends; Retry afterwards runs the job on instead of cancelling it', async () => {
    t = openTestApp({ stepTimeoutMs: 1_500 });
    t.app.lab.control.addFault({ kind: 'hang', itemId: 'app02', operation: 'create-replica' }, t.app.clock.now());
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { itemId: 'app02' } });
    const replicaStep = () => t.app.jobs.get(job.id).steps.find((node) => node.op === 'create-replica')!;
    await until(() => replicaStep().status === 'running', 'the hanging call');
    const answered = await t.app.jobs.cancel(job.id);
    // The call still hangs (its step is still running) when cancel has already answered.
    expect(answered).toMatchObject({ status: 'running', cancelRequested: true });
    expect(replicaStep().status).toBe('running');
    const stopped = await rest(t.app, job.id);
    // The hung call's outcome is unknown: the job waits for a person, its cancel still asked.
    expect(stopped).toMatchObject({ status: 'waiting-for-operator', cancelRequested: true });
    t.app.lab.control.clearFaults();
    await t.app.jobs.retry(job.id);
    const done = await rest(t.app, job.id);
    expect(done).toMatchObject({ status: 'succeeded', cancelRequested: false });
    const retried = t.app.db.prepare("SELECT details_json FROM audit_log WHERE job_id = ? AND action = 'job.retried'").get(job.id) as { details_json: string };
    expect(JSON.parse(retried.details_json)).toMatchObject({ cancelWithdrawn: true });
    expect(t.app.db.prepare("SELECT count(*) AS n FROM audit_log WHERE job_id = ? AND action = 'job.cancel-requested'").get(job.id)).toEqual({ n: 1 });
  });

  it('a job driven by another console process is cancelled from this one: its owner stops it on its next heartbeat', async () => {
    t = openTestApp({ estate: generateEstate({ machines: 20, groups: 4 }), lease: { ttlMs: 2_000, heartbeatMs: 30 } });
    t.app.lab.control.setSettings({ timeScale: 0.002 });
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-gen' } });
    await sleep(150);
    other = createAppContext({ dataDir: t.dir, lease: { ttlMs: 2_000, heartbeatMs: 30 } });
    expect(other.jobs.isDriving(job.id)).toBe(false);
    const answered = await other.jobs.cancel(job.id);
    expect(answered).toMatchObject({ status: 'running', cancelRequested: true });
    const cancelled = await rest(t.app, job.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.steps.find((node) => node.id === 'g4')?.status).toBe('pending');
    expect(t.app.busyItemIds().size).toBe(0);
  });
});
