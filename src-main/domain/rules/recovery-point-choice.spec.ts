import { describe, expect, it } from 'vitest';
import { failures, itemOf, lab, NOW, run, withRule } from './fixture.ts';

describe('R5 R6 recovery point choice', () => {
  it('R6: the data-loss estimate is the age of the chosen kind of point (latest app-consistent)', () => {
    const estate = lab();
    const latest = run(estate, { operation: 'unplanned-failover', scope: { itemId: 'app02' } });
    const app = run(estate, { operation: 'unplanned-failover', scope: { itemId: 'app02' }, recoveryPoint: 'latest-app-consistent' });
    const appPoint = itemOf(estate, 'app02').recoveryPoints.filter((p) => p.consistency === 'app').sort((a, b) => a.time.localeCompare(b.time)).at(-1)!;
    const minutes = Math.round((NOW.getTime() - Date.parse(appPoint.time)) / 60_000);
    expect(withRule(app, 'R6', 'warn')[0]?.message).toMatch(new RegExp(`after the latest application-consistent recovery point is lost: up to ${minutes} minutes`));
    expect(withRule(latest, 'R6', 'warn')[0]?.message).not.toBe(withRule(app, 'R6', 'warn')[0]?.message);
  });

  it('R6: a machine with no application-consistent point refuses that choice', () => {
    const estate = lab();
    for (const point of itemOf(estate, 'app02').recoveryPoints) point.consistency = 'crash';
    const checks = run(estate, { operation: 'unplanned-failover', scope: { itemId: 'app02' }, recoveryPoint: 'latest-app-consistent' });
    expect(withRule(checks, 'R6', 'fail')[0]?.message).toMatch(/no application-consistent recovery point yet/);
  });

  it('R5: a planned failover refuses a chosen point; R6: an unplanned one accepts it', () => {
    expect(withRule(run(lab(), { operation: 'planned-failover', scope: { itemId: 'app02' }, recoveryPoint: 'latest-processed' }), 'R5', 'fail')).toHaveLength(1);
    expect(failures(run(lab(), { operation: 'unplanned-failover', scope: { itemId: 'app02' }, recoveryPoint: 'latest-processed' }))).toEqual([]);
  });
});

describe('R1 single Failover for continuous replication', () => {
  it('R1: a "planned" failover of VMware to Azure is the single Failover, judged like the unplanned one (no R5 shutdown refusal)', () => {
    const estate = lab();
    estate.sites.find((site) => site.id === 'site-vmware')!.reachable = false;
    const planned = run(estate, { operation: 'planned-failover', scope: { planId: 'plan-vmware' } });
    const unplanned = run(estate, { operation: 'unplanned-failover', scope: { planId: 'plan-vmware' } });
    expect(withRule(planned, 'R5')).toEqual([]);
    expect(planned.map((c) => [c.ruleId, c.status, c.message])).toEqual(unplanned.map((c) => [c.ruleId, c.status, c.message]));
  });
});

describe('R15 R17 failback and a recovery point choice', () => {
  it('R15: a failback from Azure takes a kind of point as its final synchronisation after shutdown, with no data loss', () => {
    const checks = run(lab(), { operation: 'failback', scope: { planId: 'plan-branch-return' }, sync: 'during', recoveryPoint: 'latest-app-consistent' });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R15', 'pass').map((c) => c.message)).toContainEqual(
      expect.stringMatching(/final synchronisation is the latest application-consistent recovery point \(taken after a clean shutdown\), so no data is lost/),
    );
  });

  it('R15: a failback from Azure refuses a custom point with the reason rather than ignoring it', () => {
    const estate = lab();
    const point = itemOf(estate, 'br-web01').recoveryPoints[0]!;
    const checks = run(estate, { operation: 'failback', scope: { itemId: 'br-web01' }, sync: 'during', recoveryPointId: point.id });
    expect(withRule(checks, 'R15', 'fail')[0]?.message).toMatch(/keeps no recovery points there \(R8: it does not replicate\)/);
  });

  it('R17: a failback from a secondary site from a custom point of one machine warns of the changes it loses', () => {
    const estate = lab();
    const points = [...itemOf(estate, 'pay02').recoveryPoints].sort((a, b) => a.time.localeCompare(b.time));
    const older = points[0]!;
    const checks = run(estate, { operation: 'failback', scope: { itemId: 'pay02' }, recoveryPointId: older.id });
    expect(failures(checks)).toEqual([]);
    const minutes = Math.round((NOW.getTime() - Date.parse(older.time)) / 60_000);
    expect(withRule(checks, 'R17', 'warn')[0]?.message).toMatch(new RegExp(`PAY02 is shut down and starts at home from the chosen recovery point of ${older.time}.*the changes of the last ${minutes} minutes are lost`));
    // R5 is not the failback's refusal: a planned failover of the same machine still refuses the point.
    expect(withRule(checks, 'R5', 'fail')).toEqual([]);
  });

  it('R17: a kind of point in a failback from a secondary site is its final synchronisation; a planned failover still refuses it (R5)', () => {
    const checks = run(lab(), { operation: 'failback', scope: { itemId: 'pay02' }, recoveryPoint: 'latest-processed' });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R17', 'pass').map((c) => c.message)).toContainEqual(expect.stringMatching(/final synchronisation is the latest processed recovery point/));
    expect(withRule(run(lab(), { operation: 'planned-failover', scope: { itemId: 'app02' }, recoveryPoint: 'latest' }), 'R5', 'fail')).toHaveLength(1);
  });
});
