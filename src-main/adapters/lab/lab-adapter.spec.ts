import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../orchestration/testing.ts';
import { effectiveRecoveryPoints } from './lab-replication.ts';
import { simulatedSeconds } from './lab-timing.ts';
import { openTestLab, refuseCommitsTouching, settle, type TestLab } from './lab-testing.ts';

let t: TestLab | undefined;
let app: TestApp | undefined;
afterEach(() => {
  t?.dispose();
  app?.dispose();
  t = undefined;
  app = undefined;
});

const context = { type: 'planned' as const, fromSiteId: 'site-primary', toSiteId: 'site-secondary' };

describe('lab adapter: start → handle → poll (fabric port v2)', () => {
  it('applies an idempotency key once: a second start with the key answers the same operation and changes nothing', async () => {
    t = openTestLab();
    const { lab } = t;
    await settle(lab, await lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-shutdown'));
    const first = await lab.start({ op: 'final-sync', itemId: 'app02' }, 'k-sync');
    const again = await lab.start({ op: 'final-sync', itemId: 'app02' }, 'k-sync');
    expect(again).toEqual(first);
    const status = await settle(lab, first);
    expect(status.state).toBe('succeeded');
    const point = (status as { result: { recoveryPoint: { id: string } } }).result.recoveryPoint;
    expect(lab.ops({ itemId: 'app02' }).map((op) => op.operation)).toEqual(['shutdown', 'final-sync']);
    expect((await lab.inventory()).items.filter((item) => (item as { id: string }).id === 'app02').flatMap((item) => (item as { recoveryPoints: { id: string }[] }).recoveryPoints).filter((p) => p.id === point.id)).toHaveLength(1);
  });

  it('applies a key once even when two callers with that key start it together (a resumed runner, a retry after a timeout)', async () => {
    t = openTestLab({ timeScale: 0.0005 });
    const { lab } = t;
    await settle(lab, await lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-shutdown'));
    const [first, second] = await Promise.all([lab.start({ op: 'final-sync', itemId: 'app02' }, 'k-sync'), lab.start({ op: 'final-sync', itemId: 'app02' }, 'k-sync')]);
    expect(second).toEqual(first);
    await settle(lab, first);
    expect(lab.ops({ itemId: 'app02' }).map((op) => op.operation)).toEqual(['shutdown', 'final-sync']);
  });

  it('works asynchronously: running until its simulated duration passed, then effect and "succeeded" together', async () => {
    t = openTestLab({ timeScale: 0.02 }); // shutdown ≈ 600 ms: longer than a poll waits
    const { lab } = t;
    const handle = await lab.start({ op: 'shutdown', itemId: 'app02' }, 'k1');
    expect(await lab.poll(handle)).toEqual({ state: 'running' });
    expect(await lab.powerState('app02')).toBe('running');
    expect(lab.ops({ itemId: 'app02' }).map((op) => op.outcome)).toEqual(['running']);
    expect((await settle(lab, handle)).state).toBe('succeeded');
    expect(await lab.powerState('app02')).toBe('off');
  });

  it('a long poll (CallOptions.waitMs) is held until the operation ends, and answers it then', async () => {
    t = openTestLab({ timeScale: 0.02 }); // shutdown ≈ 600 ms: beyond a plain poll's wait, within this one's
    const handle = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-long');
    expect(await t.lab.poll(handle)).toEqual({ state: 'running' });
    expect(await t.lab.poll(handle, { waitMs: 5_000 })).toEqual({ state: 'succeeded', result: {} });
    expect(await t.lab.powerState('app02')).toBe('off');
  });

  it('every call takes an AbortSignal: an aborted poll rejects with its reason, even while it waits for the operation', async () => {
    t = openTestLab({ timeScale: 0.005 }); // shutdown ≈ 150 ms: a poll waits for it
    const handle = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-abort');
    const controller = new AbortController();
    const polled = t.lab.poll(handle, { signal: controller.signal });
    controller.abort(new Error('the operator cancelled'));
    await expect(polled).rejects.toThrow('the operator cancelled');
    await expect(t.lab.start({ op: 'shutdown', itemId: 'app03' }, 'k2', { signal: controller.signal })).rejects.toThrow('the operator cancelled');
  });

  it('lookup(key) answers the operation started with that key, and nothing for an unknown key', async () => {
    t = openTestLab();
    const handle = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-look');
    expect(await t.lab.lookup('k-look')).toEqual(handle);
    expect(await t.lab.lookup('never-started')).toBeUndefined();
  });

  it('cancel stops an operation not yet applied, and is refused once it was applied', async () => {
    t = openTestLab({ timeScale: 1 });
    const { lab } = t;
    const slow = await lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-slow');
    await lab.cancel(slow);
    expect(await lab.poll(slow)).toMatchObject({ state: 'cancelled' });
    expect(await lab.powerState('app02')).toBe('running');
    lab.control.setSettings({ timeScale: 0 });
    const done = await lab.start({ op: 'shutdown', itemId: 'app03' }, 'k-done');
    await expect(lab.cancel(done)).rejects.toMatchObject({ kind: 'conflict' });
    expect(await lab.powerState('app03')).toBe('off');
  });

  it('a cancelled operation may be started again under its key (nothing of it was applied)', async () => {
    t = openTestLab({ timeScale: 1 });
    const first = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k');
    await t.lab.cancel(first);
    t.lab.control.setSettings({ timeScale: 0 });
    const second = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k');
    expect(second.operationId).not.toBe(first.operationId);
    expect((await settle(t.lab, second)).state).toBe('succeeded');
  });

  it('answers a refusal of its own state as a conflict (not retried), an unknown machine as permanent', async () => {
    t = openTestLab();
    const handle = await t.lab.start({ op: 'final-sync', itemId: 'app02' }, 'k-sync-running');
    expect(await settle(t.lab, handle)).toMatchObject({ state: 'failed', error: { kind: 'conflict' } });
    await expect(t.lab.start({ op: 'shutdown', itemId: 'nobody' }, 'k-x')).rejects.toMatchObject({ kind: 'permanent' });
  });

  it('crash of the executing process: the operation it was running is completed by the next poll, from another process, once', async () => {
    t = openTestLab({ timeScale: 0.001 }); // shutdown ≈ 30 ms
    const handle = await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-crash');
    t.lab.close(); // the executor dies with its process; the operation stays "running" in the lab database
    const other = t.openAnother();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await settle(other, handle)).state).toBe('succeeded');
    expect(await other.powerState('app02')).toBe('off');
    expect(other.ops({ itemId: 'app02' }).map((op) => `${op.operation}:${op.outcome}`)).toEqual(['shutdown:ok']);
  });

  it('keeps its state in its own database file: a reopened lab sees what it did', async () => {
    t = openTestLab();
    await settle(t.lab, await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k1'));
    const reopened = t.openAnother();
    expect(await reopened.powerState('app02')).toBe('off');
    expect(reopened.ops()).toHaveLength(1);
  });

  it('sees what another process did (the lab database changed under it)', async () => {
    t = openTestLab();
    const other = t.openAnother();
    await settle(other, await other.start({ op: 'shutdown', itemId: 'app02' }, 'from-the-cli'));
    expect(await t.lab.powerState('app02')).toBe('off');
    expect((await settle(t.lab, await t.lab.start({ op: 'final-sync', itemId: 'app02' }, 'sync-after'))).state).toBe('succeeded');
  });

  it('applies an operation to the machine as committed when another process changed it after the call was made (memory is used only while it equals disk)', async () => {
    t = openTestLab();
    expect(await t.lab.powerState('app02')).toBe('running'); // this process's memory: running
    const starting = t.lab.start({ op: 'final-sync', itemId: 'app02' }, 'k-sync-after-other');
    // Before this process's lab transaction runs, another connection shuts app02 down (a final sync needs it off).
    const other = new DatabaseSync(join(t.dir, 'lab.sqlite'));
    const row = other.prepare("SELECT json FROM lab_doc WHERE kind = 'item' AND id = 'app02'").get() as { json: string };
    other.prepare("UPDATE lab_doc SET json = ? WHERE kind = 'item' AND id = 'app02'").run(JSON.stringify({ ...JSON.parse(row.json), powerState: 'off' }));
    other.close();
    expect((await settle(t.lab, await starting)).state).toBe('succeeded');
  });

  it('an operation completed at its start answers its first poll as recorded, and every later poll the same from the database', async () => {
    t = openTestLab();
    await settle(t.lab, await t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-off-first'));
    const handle = await t.lab.start({ op: 'final-sync', itemId: 'app02' }, 'k-sync-answered');
    const first = await t.lab.poll(handle);
    expect(first).toMatchObject({ state: 'succeeded', result: { recoveryPoint: { id: expect.any(String) } } });
    expect(await t.lab.poll(handle)).toEqual(first);
    expect(await t.openAnother().poll(handle)).toEqual(first);
  });

  it('two operations on one machine in one lab transaction: the second sees the first (its write is not in memory yet)', async () => {
    t = openTestLab();
    // Started in one turn, both are applied in the same grouped commit: shutdown, then the final sync that needs it off.
    const [shutdown, sync] = await Promise.all([t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-off'), t.lab.start({ op: 'final-sync', itemId: 'app02' }, 'k-sync')]);
    expect((await settle(t.lab, shutdown)).state).toBe('succeeded');
    expect((await settle(t.lab, sync)).state).toBe('succeeded');
  });

  it('commit, then publish: a refused lab commit leaves the machine running in memory as on disk', async () => {
    t = openTestLab();
    refuseCommitsTouching(t.lab.db, 'lab_doc');
    await expect(t.lab.start({ op: 'shutdown', itemId: 'app02' }, 'k-refused')).rejects.toMatchObject({ kind: 'transient' });
    expect(await t.lab.powerState('app02')).toBe('running');
    const onDisk = t.lab.db.prepare("SELECT json FROM lab_doc WHERE kind = 'item' AND id = 'app02'").get() as { json: string };
    expect(JSON.parse(onDisk.json).powerState).toBe('running');
    expect(await t.lab.lookup('k-refused')).toBeUndefined();
  });
});

describe('lab adapter: faults', () => {
  it('fails an operation once or always for an item, and logs each failure', async () => {
    t = openTestLab();
    const { lab } = t;
    const now = new Date();
    lab.control.addFault({ kind: 'operation-fails', itemId: 'app02', operation: 'shutdown', mode: 'once' }, now);
    expect(await settle(lab, await lab.start({ op: 'shutdown', itemId: 'app02' }, 'a'))).toMatchObject({ state: 'failed', error: { kind: 'permanent' } });
    expect((await settle(lab, await lab.start({ op: 'shutdown', itemId: 'app02' }, 'b'))).state).toBe('succeeded');
    lab.control.addFault({ kind: 'boot-failure', itemId: 'app03', mode: 'always' }, now);
    await settle(lab, await lab.start({ op: 'create-replica', itemId: 'app03', context }, 'c'));
    expect(await settle(lab, await lab.start({ op: 'start-replica', itemId: 'app03', context }, 'd'))).toMatchObject({ state: 'failed', error: { message: expect.stringMatching(/did not boot/) } });
    expect(await settle(lab, await lab.start({ op: 'start-replica', itemId: 'app03', context }, 'e'))).toMatchObject({ state: 'failed' });
    expect(lab.ops().map((op) => `${op.operation}:${op.outcome}`)).toEqual(['shutdown:failed', 'shutdown:ok', 'create-replica:ok', 'start-replica:failed', 'start-replica:failed']);
  });

  it('makes a site unreachable until the faults are cleared: start is refused as unreachable, nothing recorded', async () => {
    t = openTestLab();
    t.lab.control.addFault({ kind: 'site-unreachable', siteId: 'site-secondary' }, new Date());
    expect(await t.lab.siteReachable('site-secondary')).toBe(false);
    await expect(t.lab.start({ op: 'create-replica', itemId: 'app02', context }, 'x')).rejects.toMatchObject({ kind: 'unreachable' });
    expect(t.lab.ops()).toEqual([]);
    t.lab.control.clearFaults();
    expect(await t.lab.siteReachable('site-secondary')).toBe(true);
  });

  it('R16: a missing virtual switch is removed from the host and restored on clear', async () => {
    t = openTestLab();
    t.lab.control.addFault({ kind: 'missing-switch', hostId: 'hv-b-02', switchName: 'Branch-LAN' }, new Date());
    const host = async () => ((await t!.lab.inventory()).sites as { hosts: { id: string; virtualSwitches: string[] }[] }[]).flatMap((site) => site.hosts).find((candidate) => candidate.id === 'hv-b-02')!;
    expect((await host()).virtualSwitches).not.toContain('Branch-LAN');
    t.lab.control.clearFaults();
    expect((await host()).virtualSwitches).toContain('Branch-LAN');
  });

  it('refuses a fault on something the lab does not have, rather than one that never fires', () => {
    t = openTestLab();
    expect(() => t!.lab.control.addFault({ kind: 'site-unreachable', siteId: 'site-moon' }, new Date())).toThrow(/nothing to inject/);
    expect(() => t!.lab.control.addFault({ kind: 'boot-failure', itemId: 'nobody', mode: 'once' }, new Date())).toThrow(/nothing to inject/);
    expect(t.lab.control.faults()).toEqual([]);
  });
});

describe('lab replication and timing', () => {
  it('produces recovery points at the replication frequency, and replication lag holds the newest back', async () => {
    t = openTestLab();
    const item = (await t.lab.inventory()).items.find((candidate) => (candidate as { id: string }).id === 'app02') as Parameters<typeof effectiveRecoveryPoints>[0];
    const now = new Date(Date.parse(item.recoveryPoints.at(-1)!.time) + 20 * 60_000);
    const points = effectiveRecoveryPoints(item, now, 0);
    const gaps = points.slice(1).map((point, index) => Date.parse(point.time) - Date.parse(points[index]!.time));
    expect(new Set(gaps.slice(-3))).toEqual(new Set([300_000]));
    expect(now.getTime() - Date.parse(points.at(-1)!.time)).toBeLessThan(300_000);
    const lagged = effectiveRecoveryPoints(item, now, 900);
    expect(now.getTime() - Date.parse(lagged.at(-1)!.time)).toBeGreaterThanOrEqual(900_000);
  });

  it('simulated durations are deterministic from the seed and scaled by the time scale', () => {
    expect(simulatedSeconds(7, 'job-0001/g1/x#1', 'create-replica', 64)).toBe(simulatedSeconds(7, 'job-0001/g1/x#1', 'create-replica', 64));
    expect(simulatedSeconds(7, 'k', 'create-replica', 64)).not.toBe(simulatedSeconds(8, 'k', 'create-replica', 64));
    const seconds = simulatedSeconds(1, 'k', 'shutdown', 64);
    expect(seconds).toBeGreaterThanOrEqual(27);
    expect(seconds).toBeLessThanOrEqual(33);
  });
});

describe('the estate read model over the lab', () => {
  it('sees what another console process did to the lab, in a new immutable snapshot', async () => {
    app = openTestApp();
    const before = app.app.estate();
    const held = before.items.find((item) => item.id === 'app02')!;
    const { createAppContext } = await import('../../composition/app-context.ts');
    const other = createAppContext({ dataDir: app.dir });
    try {
      await settle(other.lab.adapter, await other.lab.adapter.start({ op: 'shutdown', itemId: 'app02' }, 'from-the-cli'));
    } finally {
      other.close();
    }
    expect(app.app.estate().items.find((item) => item.id === 'app02')!.powerState).toBe('off');
    expect(held.powerState).toBe('running'); // the earlier snapshot is never changed under its reader
    expect(before).not.toBe(app.app.estate());
  });
});
