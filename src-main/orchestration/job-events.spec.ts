// Job progress as subscribers see it: counted as transitions commit (constant work per transition, however
// large the job), and always equal to what the job's committed steps say.
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../application/events.ts';
import type { JobProgress } from '../contract/jobs.ts';
import { isDone, isLeaf, type Job, type StepNode } from '../domain/jobs/job-model.ts';
import { JobEvents } from './job-events.ts';
import { openTestApp, rest, type TestApp } from './testing.ts';

let t: TestApp | undefined;
afterEach(() => {
  t?.dispose();
  t = undefined;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function leaf(id: string, status: StepNode['status'] = 'pending'): StepNode {
  return { id, parentId: 'root', kind: 'step', label: id, status, attempt: 0 } as StepNode;
}

function endedLeaves(steps: readonly StepNode[]): number {
  return steps.filter((node) => isLeaf(node) && (isDone(node.status) || node.status === 'failed')).length;
}

describe('job progress events', () => {
  it('counts each committed transition, and counts the whole tree again after a change without one (a decision)', async () => {
    const hub = new EventHub();
    const seen: JobProgress[] = [];
    hub.subscribe((name, payload) => {
      if (name === 'jobs:progress') seen.push(payload as JobProgress);
    });
    const events = new JobEvents(hub);
    const steps = [{ id: 'root', kind: 'group', label: 'root', status: 'running', attempt: 0 } as StepNode, leaf('a'), leaf('b'), leaf('c'), leaf('d')];
    const job = { id: 'job-1', status: 'running', phase: null, steps } as unknown as Job;
    events.transition(job, steps[1]!, []);
    await pause(80);
    expect(seen.at(-1)).toMatchObject({ stepsDone: 0, stepsTotal: 4, progress: 0 });
    steps[1]!.status = 'succeeded';
    events.transition(job, steps[1]!, []);
    steps[2]!.status = 'failed';
    events.transition(job, steps[2]!, []);
    await pause(80);
    expect(seen.at(-1)).toMatchObject({ stepsDone: 2, stepsTotal: 4, progress: 50 });
    // Retry reopened the failed step (no transition of its own): the job is counted afresh.
    steps[2]!.status = 'pending';
    events.progress(job);
    await pause(80);
    expect(seen.at(-1)).toMatchObject({ stepsDone: 1, progress: 25 });
    events.close();
  });

  it('a failed machine’s remaining steps, skipped by the runner, count at once: mid-run progress equals the committed steps', async () => {
    t = openTestApp();
    const { app } = t;
    const seen: JobProgress[] = [];
    app.events.subscribe((name, payload) => {
      if (name === 'jobs:progress') seen.push(payload as JobProgress);
    });
    // app02 fails after a while (the progress count exists by then); file01, in the next group, keeps the job running.
    app.lab.control.addFault({ kind: 'slow', itemId: 'app02', operation: 'create-replica', seconds: 0.4 }, app.clock.now());
    app.lab.control.addFault({ kind: 'operation-fails', itemId: 'app02', operation: 'create-replica', mode: 'always' }, app.clock.now());
    app.lab.control.addFault({ kind: 'slow', itemId: 'file01', operation: 'create-replica', seconds: 1.5 }, app.clock.now());
    const job = await app.jobs.start({ operation: 'unplanned-failover', scope: { planId: 'plan-apps' } });
    for (let waited = 0; waited < 3_000; waited += 20) {
      const now = app.jobs.get(job.id).steps;
      if (now.some((node) => node.status === 'skipped' && node.itemId === 'app02') && now.some((node) => node.itemId === 'file01' && node.status === 'running')) break;
      await pause(20);
    }
    await pause(150); // past the coalescing interval, while file01 is still slow
    const committed = app.jobs.get(job.id);
    expect(committed.status).toBe('running');
    expect(committed.steps.some((node) => node.status === 'skipped' && node.itemId === 'app02')).toBe(true);
    expect(seen.at(-1)).toMatchObject({ jobId: job.id, stepsDone: endedLeaves(committed.steps) });
    await rest(app, job.id);
  });
});
