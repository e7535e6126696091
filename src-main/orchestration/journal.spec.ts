// Transitions that the database refuses: a refused write is never silently lost (docs/decisions.md "A refused journal
// write is isolated, written again, or stops the runner as a crash would").
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, rest, runToRest, stepsOf, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

/** Makes the database refuse the first `times` writes a trigger's condition selects (a real SQLite error). */
function refuse(db: DatabaseSync, name: string, table: string, event: string, condition: string, times = 1): void {
  let left = times;
  db.function(`${name}_now`, () => (left-- > 0 ? 1 : 0));
  db.exec(`CREATE TEMP TRIGGER ${name} BEFORE ${event} ON ${table} WHEN ${condition} AND ${name}_now() BEGIN SELECT RAISE(ABORT, 'injected refusal'); END`);
}

describe('journal writes refused by the database', () => {
  it('R10: a test machine whose cleanup-ledger row is refused is never created (the row goes in before the call); Retry creates it and Complete Test deletes it', async () => {
    t = openTestApp();
    refuse(t.app.db, 'refuse_ledger', 'job_cleanup', 'INSERT', "NEW.kind = 'test-machine'");
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' } });
    expect(stepsOf(job, 'create-test-machine')[0]!.status).toBe('failed');
    expect(t.app.lab.testResources().filter((resource) => resource.kind === 'test-machine')).toEqual([]);
    await t.app.jobs.retry(job.id);
    const retried = await rest(t.app, job.id);
    expect(retried.status).toBe('waiting-for-operator');
    expect(stepsOf(retried, 'create-test-machine')[0]!.status).toBe('succeeded');
    expect(retried.cleanup.filter((entry) => entry.kind === 'test-machine')).toHaveLength(1);
    await t.app.jobs.completeTest(job.id, 'done');
    expect((await rest(t.app, job.id)).status).toBe('succeeded');
    expect(t.app.lab.testResources()).toEqual([]);
  });

  it('R5: a refused "running" write fails that step before its fabric call; nothing else is lost', async () => {
    t = openTestApp();
    refuse(t.app.db, 'refuse_running', 'job_steps', 'UPDATE', `NEW.status = 'running' AND NEW.spec_json LIKE '%"op":"create-replica"%'`);
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { itemId: 'app02' } });
    expect(job.status).toBe('failed');
    expect(stepsOf(job, 'create-replica')[0]).toMatchObject({ status: 'failed' });
    expect(t.app.lab.ops({ itemId: 'app02' }).map((op) => op.operation)).not.toContain('create-replica');
  });

  it('R19: a step result is published only once committed: a result the database refuses twice is never announced', async () => {
    t = openTestApp();
    refuse(t.app.db, 'refuse_result', 'job_steps', 'UPDATE', `NEW.status = 'succeeded' AND NEW.spec_json LIKE '%"op":"shutdown"%'`, 2);
    const announced: { status: string; op?: string; id: string }[] = [];
    t.app.events.subscribe((name, payload) => {
      const step = (payload as { step?: { id: string; status: string } }).step;
      if (name === 'jobs:progress' && step) announced.push(step);
    });
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { itemId: 'app02' } });
    await t.app.jobs.settledJob(job.id);
    await new Promise((resolve) => setTimeout(resolve, 120)); // past the event coalescing interval
    const shutdown = t.app.jobs.get(job.id).steps.find((node) => node.op === 'shutdown')!;
    expect(t.app.db.prepare('SELECT status FROM job_steps WHERE job_id = ? AND id = ?').get(job.id, shutdown.id)).toEqual({ status: 'running' });
    expect(announced.filter((step) => step.id === shutdown.id && step.status === 'succeeded')).toEqual([]);
    // The runner stopped as a crash would: the job is still running in the database, to be resumed with the same keys.
    expect(t.app.db.prepare('SELECT status FROM jobs WHERE id = ?').get(job.id)).toEqual({ status: 'running' });
  });
});
