// R6: the data-loss window an operator is told before an unplanned failover, the recovery points the console
// shows and the window the failover achieves are one figure, whatever holds replication back (a lag, a source
// site that went down).
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../transports/api/dispatch.ts';
import type { Check } from '../domain/model/operation.ts';
import type { ProtectedItem } from '../domain/model/estate.ts';
import { age } from '../domain/rules/check.ts';
import { fixedClock } from '../domain/time/clock.ts';
import { openTestApp, runToRest, stepsOf, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

const UNPLANNED = { operation: 'unplanned-failover', scope: { itemId: 'app02' } } as const;

async function estimate(): Promise<string> {
  const report = await dispatch(t.app, 'preflight:run', UNPLANNED);
  if (!report.ok) throw new Error(report.error.message);
  const warning = (report.result as { checks: Check[] }).checks.find((check) => check.ruleId === 'R6' && check.status === 'warn');
  return /up to (.+?) for APP02/.exec(warning?.message ?? '')?.[1] ?? 'no estimate';
}

async function latestShown(): Promise<string> {
  const shown = await dispatch(t.app, 'items:get', { itemId: 'app02' });
  if (!shown.ok) throw new Error(shown.error.message);
  const times = (shown.result as ProtectedItem).recoveryPoints.map((point) => Date.parse(point.time));
  return age(t.app.clock.now().getTime() - Math.max(...times));
}

async function achieved(): Promise<string> {
  const job = await runToRest(t.app, UNPLANNED);
  expect(job.status).toBe('succeeded');
  const seconds = stepsOf(job, 'create-replica')[0]?.result?.dataLossSeconds as number;
  return age(seconds * 1000);
}

describe('R6 data-loss window', () => {
  it('R6: with replication lagging an hour, the estimate, the latest recovery point shown and the window achieved agree', async () => {
    const clock = fixedClock('2026-12-03T10:00:00.000Z');
    t = openTestApp({ clock });
    t.app.lab.control.addFault({ kind: 'replication-lag', itemId: 'app02', seconds: 3_600 }, clock.now());
    const told = await estimate();
    expect(Number(/^(\d+) minutes$/.exec(told)?.[1])).toBeGreaterThanOrEqual(60);
    expect(await latestShown()).toBe(told);
    expect(await achieved()).toBe(told);
  });

  it('R6: an unreachable source site produces no new recovery point from the moment it goes down', async () => {
    const clock = fixedClock('2026-12-03T10:00:00.000Z');
    t = openTestApp({ clock });
    const before = await latestShown();
    t.app.lab.control.addFault({ kind: 'site-unreachable', siteId: 'site-primary' }, clock.now());
    clock.advance(3 * 3_600_000);
    const points = await t.app.lab.listRecoveryPoints('app02');
    expect(Math.max(...points.map((point) => Date.parse(point.time)))).toBeLessThanOrEqual(Date.parse('2026-12-03T10:00:00.000Z'));
    const told = await estimate();
    expect(told).toBe('3 hours');
    expect(before).not.toBe(told);
    expect(await latestShown()).toBe(told);
    expect(await achieved()).toBe(told);
  });
});
