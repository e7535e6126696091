// The lab misbehaves the way a remote fabric service does (docs/decisions.md "The lab as a separate fabric
// service"): each fault kind, and that a lost answer never makes an operation apply twice (R5).
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, runToRest, type TestApp } from '../../orchestration/testing.ts';
import { openTestLab, settle, type TestLab } from './lab-testing.ts';

let t: TestLab | undefined;
let app: TestApp | undefined;
afterEach(() => {
  t?.dispose();
  app?.dispose();
  t = undefined;
  app = undefined;
});

const now = () => new Date();

describe('lab faults shaped like a remote service', () => {
  it('throttled: start answers `throttled` with the retry-after for N calls, records nothing, then accepts', async () => {
    t = openTestLab();
    t.lab.control.addFault({ kind: 'throttled', itemId: 'app02', calls: 2, retryAfterMs: 750 }, now());
    for (let call = 0; call < 2; call += 1) {
      await expect(t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k')).rejects.toMatchObject({ kind: 'throttled', retryAfterMs: 750 });
    }
    expect(t.lab.ops()).toEqual([]);
    expect((await settle(t.lab, await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k'))).state).toBe('succeeded');
    expect(t.lab.control.faults()).toEqual([]);
  });

  it('transient: the operation fails transiently N times, then is accepted', async () => {
    t = openTestLab();
    t.lab.control.addFault({ kind: 'transient', itemId: 'app02', operation: 'shutdown', calls: 1 }, now());
    await expect(t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k')).rejects.toMatchObject({ kind: 'transient' });
    expect((await settle(t.lab, await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k'))).state).toBe('succeeded');
  });

  it('slow: the operation takes the extra seconds even at time scale 0', async () => {
    t = openTestLab();
    t.lab.control.addFault({ kind: 'slow', itemId: 'app02', operation: 'shutdown', seconds: 0.3 }, now());
    const started = Date.now();
    const handle = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k');
    expect(await t.lab.powerState('app02')).toBe('running');
    expect((await settle(t.lab, handle)).state).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hang: the operation runs until it is cancelled, and nothing of it is applied', async () => {
    t = openTestLab();
    t.lab.control.addFault({ kind: 'hang', itemId: 'app02', operation: 'shutdown' }, now());
    const handle = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await t.lab.poll(handle)).toEqual({ state: 'running' });
    await t.lab.cancel(handle);
    expect(await t.lab.poll(handle)).toMatchObject({ state: 'cancelled' });
    expect(await t.lab.powerState('app02')).toBe('running');
  });

  it('hang: clearing the faults lets a hung operation finish (a retry under the same key then completes it once)', async () => {
    t = openTestLab();
    t.lab.control.addFault({ kind: 'hang', itemId: 'app02', operation: 'shutdown' }, now());
    const handle = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k');
    t.lab.control.clearFaults();
    expect(await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k')).toEqual(handle);
    expect((await settle(t.lab, handle)).state).toBe('succeeded');
    expect(await t.lab.powerState('app02')).toBe('off');
  });

  it('partial failure: the effect is applied but the operation reports failed; the same key never applies it again', async () => {
    t = openTestLab();
    t.lab.control.addFault({ kind: 'partial-failure', itemId: 'app02', operation: 'shutdown', mode: 'once' }, now());
    const handle = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k');
    expect(await settle(t.lab, handle)).toMatchObject({ state: 'failed', error: { kind: 'permanent', message: expect.stringMatching(/halfway/) } });
    expect(await t.lab.powerState('app02')).toBe('off');
    expect(await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k')).toEqual(handle);
    expect(t.lab.ops({ itemId: 'app02' })).toHaveLength(1);
  });

  it('lost answer to start: applied and committed, the reply is outcome-unknown; lookup finds it and a second start applies nothing', async () => {
    t = openTestLab();
    t.lab.control.addFault({ kind: 'lost-answer', itemId: 'app02', operation: 'shutdown', on: 'start', mode: 'once' }, now());
    await expect(t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-lost')).rejects.toMatchObject({ kind: 'outcome-unknown' });
    expect(await t.lab.powerState('app02')).toBe('off');
    const found = await t.lab.lookup('k-lost');
    expect(found).toBeDefined();
    expect((await t.lab.poll(found!)).state).toBe('succeeded');
    expect(await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-lost')).toEqual(found);
    expect(t.lab.ops({ itemId: 'app02' }).map((op) => `${op.operation}:${op.outcome}`)).toEqual(['shutdown:ok']);
  });

  it('lost answer to a poll: the operation is applied; the next poll answers it', async () => {
    t = openTestLab();
    t.lab.control.addFault({ kind: 'lost-answer', itemId: 'app02', operation: 'shutdown', on: 'poll', mode: 'once' }, now());
    const handle = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k');
    await expect(t.lab.poll(handle)).rejects.toMatchObject({ kind: 'outcome-unknown' });
    expect(await t.lab.poll(handle)).toMatchObject({ state: 'succeeded' });
    expect(await t.lab.powerState('app02')).toBe('off');
  });

  it('counts each call a fault answered, an "always" lost answer included (what a drill checks its faults by)', async () => {
    t = openTestLab();
    t.lab.control.addFault({ kind: 'lost-answer', itemId: 'app02', operation: 'shutdown', on: 'poll', mode: 'always' }, now());
    t.lab.control.addFault({ kind: 'lost-answer', itemId: 'app03', operation: 'shutdown', on: 'start', mode: 'always' }, now());
    const handle = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-poll-lost');
    for (let poll = 0; poll < 3; poll++) await expect(t.lab.poll(handle)).rejects.toMatchObject({ kind: 'outcome-unknown' });
    await expect(t.lab.start({ op: 'shutdown', itemId: 'app03' }, 'k-start-lost')).rejects.toMatchObject({ kind: 'outcome-unknown' });
    const fired = t.lab.db.prepare('SELECT json_extract(spec_json, \'$.itemId\') AS item, fired FROM lab_faults ORDER BY id').all();
    expect(fired).toEqual([
      { item: 'app02', fired: 3 },
      { item: 'app03', fired: 1 },
    ]);
  });

  it('R5: a planned failover through throttling, transient errors and lost answers succeeds, each operation applied exactly once', async () => {
    app = openTestApp();
    const at = app.app.clock.now();
    app.app.lab.control.addFault({ kind: 'throttled', itemId: 'app02', calls: 2, retryAfterMs: 5 }, at);
    app.app.lab.control.addFault({ kind: 'transient', itemId: 'app02', operation: 'create-replica', calls: 2 }, at);
    app.app.lab.control.addFault({ kind: 'lost-answer', itemId: 'app02', operation: 'shutdown', on: 'start', mode: 'once' }, at);
    app.app.lab.control.addFault({ kind: 'lost-answer', itemId: 'app02', operation: 'start-replica', on: 'poll', mode: 'once' }, at);
    const job = await runToRest(app.app, { operation: 'planned-failover', scope: { itemId: 'app02' } });
    expect(job.status).toBe('succeeded');
    const applied = app.app.lab.ops({ itemId: 'app02' }).filter((op) => op.outcome === 'ok').map((op) => op.operation);
    expect(applied.slice(0, 4)).toEqual(['shutdown', 'final-sync', 'create-replica', 'start-replica']);
    expect(new Set(applied).size).toBe(applied.length);
    expect(app.app.estate().items.find((item) => item.id === 'app02')!.activeSiteId).toBe('site-secondary');
  });

  // The runner cancels a timed-out call the lab has not applied (docs/decisions.md "Runner on fabric port v2"),
  // so Retry sends it again under a key of its own: the lab's log shows the cancelled try and one applied.
  it('R5: a step whose fabric call hung waits for the operator; the lab cancelled the unapplied call, and after the fault is cleared Retry applies it once', async () => {
    app = openTestApp({ stepTimeoutMs: 300 });
    app.app.lab.control.addFault({ kind: 'hang', itemId: 'app02', operation: 'create-replica' }, app.app.clock.now());
    const job = await runToRest(app.app, { operation: 'planned-failover', scope: { itemId: 'app02' } });
    expect(job.steps.find((node) => node.op === 'create-replica')?.status).toBe('waiting');
    app.app.lab.control.clearFaults();
    await app.app.jobs.retry(job.id);
    await app.app.jobs.settledJob(job.id);
    expect(app.app.jobs.get(job.id).status).toBe('succeeded');
    const tries = app.app.lab.ops({ itemId: 'app02' }).filter((op) => op.operation === 'create-replica');
    expect(tries.map((op) => op.outcome)).toEqual(['cancelled', 'ok']);
    expect(tries[1]!.key).toBe(`${tries[0]!.key}~r`);
  });
});
