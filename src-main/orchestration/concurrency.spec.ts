// One concurrency rule (domain/fabric/concurrency.ts): a group's machines fail over together, up to the plan's
// limit and its fabrics'. The product, these tests and `npm run bench` all go through it.
import { afterEach, describe, expect, it } from 'vitest';
import { generateEstate } from '../domain/estate/generate-estate.ts';
import { groupParallelism } from '../domain/fabric/concurrency.ts';
import { openTestApp, rest, type TestApp } from './testing.ts';

let t: TestApp | undefined;
afterEach(() => {
  t?.dispose();
  t = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts an unplanned failover of a one-group plan whose every replica creation hangs; answers how many run at once. */
async function replicasUnderWay(t: TestApp): Promise<{ running: number; pending: number }> {
  const { app } = t;
  const members = app.estate().plans[0]!.groups[0]!.members;
  for (const itemId of members) app.lab.control.addFault({ kind: 'hang', itemId, operation: 'create-replica' }, app.clock.now());
  const job = await app.jobs.start({ operation: 'unplanned-failover', scope: { planId: 'plan-gen' } });
  const count = (status: string) => app.jobs.get(job.id).steps.filter((node) => node.op === 'create-replica' && node.status === status).length;
  let stable = 0;
  for (let waited = 0; waited < 5_000 && stable < 10; waited += 10) {
    const before = count('running');
    await sleep(10);
    stable = before > 0 && count('running') === before ? stable + 1 : 0;
  }
  const seen = { running: count('running'), pending: count('pending') };
  await app.jobs.cancel(job.id);
  app.lab.control.clearFaults();
  await rest(app, job.id);
  return seen;
}

describe('how many of a group’s machines run at once', () => {
  it('the rule: the smallest limit the plan or a fabric sets, and the whole group when nobody sets one', () => {
    expect(groupParallelism(undefined, [{}])).toBe(Number.POSITIVE_INFINITY);
    expect(groupParallelism({ maxParallelPerGroup: 8 }, [{}, { maxConcurrentOperations: 50 }])).toBe(8);
    expect(groupParallelism({ maxParallelPerGroup: 80 }, [{ maxConcurrentOperations: 50 }, { maxConcurrentOperations: 30 }])).toBe(30);
    expect(groupParallelism({}, [])).toBe(Number.POSITIVE_INFINITY);
  });

  it('by default a whole group fails over at once, however large (25 machines, more than any fixed pool)', async () => {
    t = openTestApp({ estate: generateEstate({ machines: 25, groups: 1 }) });
    expect(await replicasUnderWay(t)).toEqual({ running: 25, pending: 0 });
  });

  it("a plan's maxParallelPerGroup holds the rest of its group back", async () => {
    const estate = generateEstate({ machines: 6, groups: 1 }) as { plans: { maxParallelPerGroup?: number }[] };
    estate.plans[0]!.maxParallelPerGroup = 2;
    t = openTestApp({ estate });
    expect(await replicasUnderWay(t)).toEqual({ running: 2, pending: 4 });
  });
});
