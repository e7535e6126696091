// The runner driving the separated lab (LabAdapter, its own lab.sqlite) through fabric port v2: the retry
// policy absorbs the lab's remote-service faults (throttling, transient refusals), lost answers are
// reconciled by key, and test resources are named from the key and in the cleanup ledger before they exist (R10).
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.ts';
import type { FaultSpec } from '../adapters/lab/lab-faults.ts';
import { openTestApp, rest, runToRest, stepsOf, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

const fault = (t: TestApp, spec: FaultSpec) => t.app.lab.control.addFault(spec, t.app.clock.now());
const applied = (t: TestApp, operation: string) => t.app.lab.ops().filter((op) => op.outcome === 'ok' && op.operation === operation).map((op) => op.itemId).sort();

describe('runner on fabric port v2 (lab adapter)', () => {
  it('R5: throttling and transient refusals are absorbed: the failover succeeds, nothing is applied twice', async () => {
    t = openTestApp();
    fault(t, { kind: 'throttled', itemId: 'app02', calls: 3, retryAfterMs: 2_000 });
    fault(t, { kind: 'transient', itemId: 'app03', operation: 'shutdown', calls: 2 });
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    expect(job.status).toBe('succeeded');
    expect(job.steps.filter((node) => node.status === 'failed')).toEqual([]);
    expect(applied(t, 'create-replica')).toEqual(['app02', 'app03', 'file01']);
    expect(applied(t, 'shutdown')).toEqual(['app02', 'app03', 'file01']);
  });

  it('R5: lost answers (applied, the reply never came) are reconciled by key, never re-sent', async () => {
    t = openTestApp();
    for (const itemId of ['app02', 'app03', 'file01']) fault(t, { kind: 'lost-answer', itemId, operation: 'start-replica', on: 'start', mode: 'once' });
    fault(t, { kind: 'lost-answer', itemId: 'app02', operation: 'final-sync', on: 'start', mode: 'once' });
    fault(t, { kind: 'lost-answer', itemId: 'file01', operation: 'final-sync', on: 'poll', mode: 'once' });
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    expect(job.status).toBe('succeeded');
    expect(applied(t, 'start-replica')).toEqual(['app02', 'app03', 'file01']);
    expect(t.app.lab.ops().filter((op) => op.operation === 'start-replica')).toHaveLength(3); // not even a refused repeat
    for (const call of t.app.fabricCalls.forJob(job.id)) expect(call.callKey).toBe(call.key);
  });

  it('a step whose calls keep failing in transit fails with the last error once its retries are spent', async () => {
    t = openTestApp({ retryPolicy: { maximumAttempts: 3 } });
    fault(t, { kind: 'transient', itemId: 'app02', operation: 'shutdown', calls: 1_000 });
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { itemId: 'app02' } });
    expect(job.status).toBe('failed');
    expect(stepsOf(job, 'shutdown')[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('failed transiently (injected)') });
    expect(applied(t, 'shutdown')).toEqual([]);
  });

  it('R10: a test machine whose creation answer was lost is in the cleanup ledger by name: the job cannot be cancelled away from it, and Complete Test deletes it', async () => {
    // One try only: the lost answer leaves the step with an unknown outcome, as a lookup that cannot answer would.
    t = openTestApp({ retryPolicy: { maximumAttempts: 1 } });
    fault(t, { kind: 'lost-answer', itemId: 'app02', operation: 'create-test-machine', on: 'start', mode: 'once' });
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' } });
    expect(job).toMatchObject({ status: 'waiting-for-operator', phase: 'step-decision' });
    expect(stepsOf(job, 'create-test-machine')[0]).toMatchObject({ status: 'waiting', error: expect.stringMatching(/outcome is unknown/) });
    const machines = t.app.lab.testResources().filter((resource) => resource.kind === 'test-machine');
    expect(machines).toHaveLength(1); // the lab did create it
    expect(job.cleanup.filter((entry) => !entry.deletedAt).map((entry) => entry.resourceId)).toContain(machines[0]!.id);
    const refused = await t.app.jobs.cancel(job.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('CONFLICT');

    await t.app.jobs.retry(job.id);
    const atGate = await rest(t.app, job.id);
    expect(atGate.phase).toBe('complete-test');
    expect(applied(t, 'create-test-machine')).toEqual(['app02']);
    await t.app.jobs.completeTest(job.id, 'checked');
    expect((await rest(t.app, job.id)).status).toBe('succeeded');
    expect(t.app.lab.testResources()).toEqual([]);
  });
});
