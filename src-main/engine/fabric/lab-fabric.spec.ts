import { afterEach, describe, expect, it } from 'vitest';
import { FabricError } from './fabric.ts';
import { openTestApp, type TestApp } from '../orchestrator/testing.ts';
import { effectiveRecoveryPoints } from './lab-replication.ts';
import { simulatedSeconds } from './lab-timing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

const context = { type: 'planned' as const, fromSiteId: 'site-primary', toSiteId: 'site-secondary' };

describe('lab fabric', () => {
  it('applies an idempotency key once: the same call again answers the same and changes nothing', async () => {
    t = openTestApp();
    const { lab } = t.app;
    await lab.shutdown('app02', 'k-shutdown');
    const first = await lab.finalSync('app02', 'k-sync');
    const again = await lab.finalSync('app02', 'k-sync');
    expect(again).toEqual(first);
    expect(lab.ops({ itemId: 'app02' }).map((op) => op.operation)).toEqual(['shutdown', 'final-sync']);
    expect(t.app.estate().items.find((item) => item.id === 'app02')!.recoveryPoints.filter((point) => point.id === first.recoveryPoint.id)).toHaveLength(1);
  });

  it('applies a key once even when two callers with that key are in flight together (a resumed runner, a retry after a timeout)', async () => {
    t = openTestApp();
    const { lab } = t.app;
    lab.control.setSettings({ timeScale: 0.0005 });
    await lab.shutdown('app02', 'k-shutdown');
    const [first, second] = await Promise.all([lab.finalSync('app02', 'k-sync'), lab.finalSync('app02', 'k-sync')]);
    expect(second).toEqual(first);
    expect(lab.ops({ itemId: 'app02' }).map((op) => op.operation)).toEqual(['shutdown', 'final-sync']);
  });

  it('keeps its state in the database: a reopened console sees what the fabric did', async () => {
    t = openTestApp();
    await t.app.lab.shutdown('app02', 'k1');
    const dir = t.dir;
    t.app.close();
    const { createAppContext } = await import('../../app/context.ts');
    const reopened = createAppContext({ dataDir: dir });
    try {
      expect(reopened.estate().items.find((item) => item.id === 'app02')!.powerState).toBe('off');
      expect(reopened.lab.ops()).toHaveLength(1);
    } finally {
      reopened.close();
    }
  });

  it('sees what another console process did, through the same item objects', async () => {
    t = openTestApp();
    const held = t.app.estate().items.find((item) => item.id === 'app02')!;
    const { createAppContext } = await import('../../app/context.ts');
    const other = createAppContext({ dataDir: t.dir });
    try {
      await other.lab.shutdown('app02', 'from-the-cli');
    } finally {
      other.close();
    }
    expect(t.app.estate().items.find((item) => item.id === 'app02')).toBe(held);
    expect(held.powerState).toBe('off');
    await expect(t.app.lab.finalSync('app02', 'sync-after')).resolves.toBeDefined();
  });

  it('fails an operation once or always for an item, and logs each failure', async () => {
    t = openTestApp();
    const now = t.app.clock.now();
    t.app.lab.control.addFault({ kind: 'operation-fails', itemId: 'app02', operation: 'shutdown', mode: 'once' }, now);
    await expect(t.app.lab.shutdown('app02', 'a')).rejects.toBeInstanceOf(FabricError);
    await t.app.lab.shutdown('app02', 'b');
    t.app.lab.control.addFault({ kind: 'boot-failure', itemId: 'app03', mode: 'always' }, now);
    await t.app.lab.createReplica('app03', context, undefined, 'c');
    await expect(t.app.lab.startReplica('app03', context, 'd')).rejects.toThrow(/did not boot/);
    await expect(t.app.lab.startReplica('app03', context, 'e')).rejects.toThrow(/did not boot/);
    expect(t.app.lab.ops().map((op) => `${op.operation}:${op.outcome}`)).toEqual(['shutdown:failed', 'shutdown:ok', 'create-replica:ok', 'start-replica:failed', 'start-replica:failed']);
  });

  it('makes a site unreachable in the live estate until the faults are cleared', async () => {
    t = openTestApp();
    t.app.lab.control.addFault({ kind: 'site-unreachable', siteId: 'site-secondary' }, t.app.clock.now());
    expect(t.app.estate().sites.find((site) => site.id === 'site-secondary')!.reachable).toBe(false);
    await expect(t.app.lab.createReplica('app02', context, undefined, 'x')).rejects.toMatchObject({ kind: 'unreachable' });
    t.app.lab.control.clearFaults();
    expect(t.app.estate().sites.find((site) => site.id === 'site-secondary')!.reachable).toBe(true);
  });

  it('R16: a missing virtual switch is removed from the host and restored on clear', () => {
    t = openTestApp();
    t.app.lab.control.addFault({ kind: 'missing-switch', hostId: 'hv-b-02', switchName: 'Branch-LAN' }, t.app.clock.now());
    const host = () => t.app.estate().sites.flatMap((site) => site.hosts).find((candidate) => candidate.id === 'hv-b-02')!;
    expect(host().virtualSwitches).not.toContain('Branch-LAN');
    t.app.lab.control.clearFaults();
    expect(host().virtualSwitches).toContain('Branch-LAN');
  });

  it('produces recovery points at the replication frequency, and replication lag holds the newest back', () => {
    t = openTestApp();
    const item = t.app.estate().items.find((candidate) => candidate.id === 'app02')!;
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

describe('lab faults', () => {
  it('refuses a fault on something the lab does not have, rather than one that never fires', () => {
    t = openTestApp();
    expect(() => t.app.lab.control.addFault({ kind: 'site-unreachable', siteId: 'site-moon' }, t.app.clock.now())).toThrow(/nothing to inject/);
    expect(() => t.app.lab.control.addFault({ kind: 'boot-failure', itemId: 'nobody', mode: 'once' }, t.app.clock.now())).toThrow(/nothing to inject/);
    expect(t.app.lab.control.faults()).toEqual([]);
  });
});
