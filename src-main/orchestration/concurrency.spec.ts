// One concurrency rule (domain/fabric/concurrency.ts): a group's machines fail over together, up to the plan's
// limit and its fabrics'. The product, these tests and `npm run bench` all go through it.
import { afterEach, describe, expect, it } from 'vitest';
import { generateEstate } from '../domain/estate/generate-estate.ts';
import { containerParallelism, fabricLimit } from '../domain/fabric/concurrency.ts';
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
  it('the rule: a container runs its own frozen limit or all its children; a fabric limit must be a whole number of at least one', () => {
    expect(containerParallelism({}, 25)).toBe(25);
    expect(containerParallelism({ maxParallel: 8 }, 25)).toBe(8);
    expect(containerParallelism({ maxParallel: 80 }, 25)).toBe(25);
    expect(fabricLimit({})).toBeUndefined();
    expect(fabricLimit({ maxConcurrentOperations: 30 })).toBe(30);
    for (const wrong of [0, -1, 2.5, Number.NaN]) expect(fabricLimit({ maxConcurrentOperations: wrong })).toBeUndefined();
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

  it("a fabric's maxConcurrentOperations holds every job's calls to it at that many at once", async () => {
    t = openTestApp({ estate: generateEstate({ machines: 8, groups: 1 }) });
    const lab = t.app.lab.adapter;
    const capabilities = lab.capabilities.bind(lab);
    lab.capabilities = () => ({ ...capabilities(), maxConcurrentOperations: 3 });
    const { app } = t;
    for (const itemId of app.estate().plans[0]!.groups[0]!.members) app.lab.control.addFault({ kind: 'hang', itemId, operation: 'create-replica' }, app.clock.now());
    const job = await app.jobs.start({ operation: 'unplanned-failover', scope: { planId: 'plan-gen' } });
    const sent = () => app.lab.ops().filter((op) => op.operation === 'create-replica').length;
    for (let waited = 0; waited < 3_000 && sent() < 3; waited += 10) await sleep(10);
    await sleep(200);
    expect(sent()).toBe(3); // the other five wait for a slot, their steps already journalled as running
    app.lab.control.clearFaults(); // the hung three complete; each slot passes to the next machine
    await rest(app, job.id);
    expect(app.jobs.get(job.id).status).toBe('succeeded');
    expect(app.lab.ops().filter((op) => op.operation === 'create-replica' && op.outcome === 'ok')).toHaveLength(8);
  });
});
