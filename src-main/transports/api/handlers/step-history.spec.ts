// A step's failures stay visible after Retry or Mark done: its history, from the audit trail, has every
// attempt's end with its error and who decided what, when, with their note (R19).
import { afterEach, describe, expect, it } from 'vitest';
import type { JobOutline, StepHistoryEntry } from '../../../contract/jobs.ts';
import { requestContext } from '../../../application/request-context.ts';
import { rest, openTestApp, type TestApp } from '../../../orchestration/testing.ts';
import { dispatch } from '../dispatch.ts';

let t: TestApp | undefined;
afterEach(() => {
  t?.dispose();
  t = undefined;
});

async function history(app: TestApp['app'], jobId: string, stepId: string): Promise<StepHistoryEntry[]> {
  const reply = (await dispatch(app, 'jobs:step-history', { jobId, stepId })) as { ok: boolean; result?: StepHistoryEntry[]; error?: unknown };
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return reply.result!;
}

describe('a step’s history', () => {
  it('a failed step retried by one operator and one marked done by another: each failure with its error, each decision with who and the note', async () => {
    t = openTestApp();
    const { app } = t;
    app.lab.control.setSettings({ timeScale: 0.002 });
    const started = await app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    app.lab.control.addFault({ kind: 'site-unreachable', siteId: 'site-secondary' }, app.clock.now());
    const failed = await rest(app, started.id);
    const [first, second] = failed.steps.filter((node) => node.status === 'failed' && node.op);
    expect(first && second).toBeTruthy();
    app.lab.control.clearFaults();
    app.lab.control.setSettings({ timeScale: 0 });
    const alice = requestContext('http', 'session-alice', undefined, 'alice');
    await app.jobs.markStepDone(started.id, second!.id, 'Created the replica by hand in VMM.', undefined, requestContext('http', 'session-bob', undefined, 'bob'));
    await rest(app, started.id);
    await app.jobs.retry(started.id, first!.id, undefined, alice);
    await rest(app, started.id);

    const retried = await history(app, started.id, first!.id);
    expect(retried.map((entry) => entry.what)).toEqual(['failed', 'retried', 'succeeded']);
    expect(retried[0]!.error).toMatch(/unreachable/);
    expect(retried[1]!.actor).toBe('alice');
    const byHand = await history(app, started.id, second!.id);
    expect(byHand.map((entry) => entry.what)).toEqual(['failed', 'marked-done']);
    expect(byHand[1]).toMatchObject({ actor: 'bob', note: 'Created the replica by hand in VMM.' });
    expect(await history(app, started.id, 'no-such-step')).toEqual([]);
    // The timeline's failures come from the trail too: both stay after the Retry and the Mark done.
    const outline = (await dispatch(app, 'jobs:outline', { jobId: started.id })) as { ok: boolean; result?: JobOutline };
    expect(outline.result!.failures.map((failure) => failure.stepId)).toEqual(expect.arrayContaining([first!.id, second!.id]));
    expect(outline.result!.failures[0]!.error).toMatch(/unreachable/);
    const missing = (await dispatch(app, 'jobs:step-history', { jobId: 'job-01M8YZZZZZZZZZZZZZZZZZZZZZ', stepId: first!.id })) as { ok: boolean; error?: { code: string } };
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
