// Property: pre-flight and the engine decide from one rule. For any lab plan or item and any state reached by
// walking operations from the lab estate, an operation pre-flight allows (as the wizards and the CLI ask it,
// through `preflight:run`) starts and runs without the fabric refusing it, and one it refuses is refused by the
// engine before anything reaches the fabric (R3, R7, R8, R9, R15, R17, LOCK).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../transports/api/dispatch.ts';
import type { Job } from '../domain/jobs/job-model.ts';
import type { OperationRequest } from '../domain/model/operation.ts';
import { lab } from '../domain/rules/fixture.ts';
import { openTestApp, rest, type TestApp } from './testing.ts';

const LAB = lab();
const PLAN_IDS = LAB.plans.map((plan) => plan.id);
const ITEM_IDS = LAB.items.map((item) => item.id);
/** Weighted so that walks often commit and re-protect what they failed over, as an operator's cycle does. */
const operationArb = fc.oneof(
  { arbitrary: fc.constant('commit' as const), weight: 3 },
  { arbitrary: fc.constant('reverse-replication' as const), weight: 3 },
  { arbitrary: fc.constant('failback' as const), weight: 2 },
  { arbitrary: fc.constant('planned-failover' as const), weight: 2 },
  { arbitrary: fc.constant('unplanned-failover' as const), weight: 2 },
  { arbitrary: fc.constant('test-failover' as const), weight: 1 },
);

const scopeArb = fc.oneof(fc.constantFrom(...PLAN_IDS).map((planId) => ({ planId })), fc.constantFrom(...ITEM_IDS).map((itemId) => ({ itemId })));

const stepArb = fc.record({
  operation: operationArb,
  /** Mostly the walk's own scope, so walks reach deep into a DR cycle; sometimes another one. */
  otherScope: fc.option(scopeArb, { freq: 4 }),
  sync: fc.constantFrom(undefined, 'before' as const, 'during' as const),
  shutdownAndSync: fc.boolean(),
});

const walkArb = fc.record({ scope: scopeArb, steps: fc.array(stepArb, { minLength: 4, maxLength: 14 }) }).map(({ scope, steps }) =>
  steps.map(({ operation, otherScope, sync, shutdownAndSync }): OperationRequest => ({
    operation,
    scope: otherScope ?? scope,
    ...(operation === 'failback' && sync ? { sync } : {}),
    ...(operation === 'unplanned-failover' && shutdownAndSync ? { shutdownAndSync } : {}),
  })),
);

/** Answers the operator gates (manual actions, Complete Test, Complete Failover) until the job finishes. */
async function finish(t: TestApp, started: Job): Promise<Job> {
  let job = await rest(t.app, started.id);
  for (let turn = 0; turn < 10 && job.status === 'waiting-for-operator'; turn++) {
    if (job.phase === 'complete-test') await t.app.jobs.completeTest(job.id, 'property walk');
    else if (job.phase === 'complete-failover') await t.app.jobs.completeFailover(job.id);
    else await t.app.jobs.confirm(job.id, undefined, 'property walk');
    job = await rest(t.app, job.id);
  }
  return job;
}

const STARTED: string[] = [];
describe('pre-flight and the engine agree', () => {
  it('R8 R9 R17 LOCK: for every lab plan and every reachable state, what pre-flight allows starts and runs; what it refuses the engine refuses', async () => {
    await fc.assert(
      fc.asyncProperty(walkArb, async (walk) => {
        const t = openTestApp();
        try {
          for (const request of walk) {
            const report = await dispatch(t.app, 'preflight:run', request);
            if (!report.ok) {
              // A request pre-flight cannot judge (unknown point, bad input) is refused by the engine with the same code.
              await expect(t.app.jobs.start(request)).rejects.toMatchObject({ code: report.error.code });
              continue;
            }
            const { mayStart, checks } = report.result as { mayStart: boolean; checks: { status: string; message: string }[] };
            const opsBefore = t.app.lab.ops().length;
            const started = await t.app.jobs.start(request).then(
              (job) => ({ job }),
              (error: unknown) => ({ error: error as { code?: string; message?: string } }),
            );
            if (!mayStart) {
              expect('error' in started ? started.error.code : 'started').toBe('PREFLIGHT_FAILED');
              expect(t.app.lab.ops().length).toBe(opsBefore);
              continue;
            }
            if ('error' in started) throw new Error(`pre-flight allowed ${JSON.stringify(request)} but the engine refused it: ${started.error.message ?? ''} (checks: ${checks.map((c) => c.message).join(' | ')})`);
            STARTED.push(request.operation);
            const done = await finish(t, started.job);
            const failed = done.steps.filter((node) => node.status === 'failed').map((node) => `${node.id}: ${node.error ?? ''}`);
            expect({ request, status: done.status, failed }).toEqual({ request, status: 'succeeded', failed: [] });
          }
        } finally {
          t.dispose();
        }
      }),
      { numRuns: 60, seed: 20261203 },
    );
    // The walks must reach into the cycle, not only be refused at its door.
    expect(new Set(STARTED)).toEqual(new Set(['test-failover', 'planned-failover', 'unplanned-failover', 'commit', 'reverse-replication', 'failback']));
  }, 240_000);
});
