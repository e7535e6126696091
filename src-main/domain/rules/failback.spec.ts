import { describe, expect, it } from 'vitest';
import { DAY_MS } from './check.ts';
import { failures, itemOf, lab, NOW, run, siteOf, withRule } from './fixture.ts';
import { recommendedSync } from './failback.ts';

const fromAzure = { operation: 'failback', scope: { planId: 'plan-branch-return' } } as const;

describe('R15 failback from Azure: data synchronisation', () => {
  it('R15: after 30 days or more in Azure "before the failover" is recommended', () => {
    const estate = lab();
    expect(recommendedSync([itemOf(estate, 'br-file01')], NOW, false).sync).toBe('before');
  });

  it('R15: after a short stay in Azure "during failover only" is recommended', () => {
    const estate = lab();
    const item = itemOf(estate, 'br-file01');
    if (item.lastFailover) item.lastFailover.at = new Date(NOW.getTime() - 29 * DAY_MS).toISOString();
    expect(recommendedSync([item], NOW, false)).toMatchObject({ sync: 'during', why: expect.stringMatching(/29 days/) });
  });

  it('R15: the threshold is exactly 30 days', () => {
    const item = itemOf(lab(), 'br-file01');
    if (item.lastFailover) item.lastFailover.at = new Date(NOW.getTime() - 30 * DAY_MS).toISOString();
    expect(recommendedSync([item], NOW, false).sync).toBe('before');
  });

  it('R15: without a chosen synchronisation the recommendation applies, with a warning naming it and why', () => {
    const checks = run(lab(), fromAzure);
    expect(failures(checks)).toEqual([]);
    const warnings = withRule(checks, 'R15', 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/will synchronise the data before the failover, as recommended because the machines have run in Azure for 45 days/);
    expect(warnings[0]?.message).toMatch(/waits for Complete Failover/);
  });

  it('R15: without a chosen synchronisation a short stay in Azure gets "during failover only"', () => {
    const estate = lab();
    for (const id of ['br-file01', 'br-web01']) {
      const item = itemOf(estate, id);
      if (item.lastFailover) item.lastFailover.at = new Date(NOW.getTime() - 3 * DAY_MS).toISOString();
    }
    const warning = withRule(run(estate, fromAzure), 'R15', 'warn')[0];
    expect(warning?.message).toMatch(/will synchronise the data during failover only, as recommended because the machines have run in Azure for only 3 days/);
  });

  it('R15: choosing the recommended option passes and says the job waits for Complete Failover', () => {
    const checks = run(lab(), { ...fromAzure, sync: 'before' });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R15', 'pass')[0]?.message).toMatch(/waits for Complete Failover/);
  });

  it('R15: choosing against the recommendation warns', () => {
    expect(withRule(run(lab(), { ...fromAzure, sync: 'during' }), 'R15', 'warn')).toHaveLength(1);
  });
});

describe('R16 failback to an alternate location', () => {
  it('R16: a host without a virtual switch named like the original is refused with the fix', () => {
    const checks = run(lab(), { ...fromAzure, sync: 'before', alternateHostId: 'hv-b-03', createVmIfMissing: true });
    const refusals = withRule(checks, 'R16', 'fail');
    expect(refusals.map((c) => c.subject.id)).toEqual(['br-file01', 'br-web01']);
    expect(refusals[0]?.message).toMatch(/create a virtual switch with that name on hv-b-03/);
    expect(refusals[0]?.message).toMatch(/"Branch-LAN"/);
  });

  it('R16: a host with the original switch name and "create the VM if missing" passes', () => {
    const checks = run(lab(), { ...fromAzure, sync: 'before', alternateHostId: 'hv-b-02', createVmIfMissing: true });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R16', 'pass').length).toBeGreaterThanOrEqual(3);
  });

  it('R16: a new host without "create the on-premises VM if it does not exist" is refused', () => {
    const checks = run(lab(), { ...fromAzure, sync: 'before', alternateHostId: 'hv-b-02' });
    expect(withRule(checks, 'R16', 'fail')[0]?.message).toMatch(/Create the on-premises virtual machine if it does not exist/);
  });

  it('R16: an alternate location exists only between a Hyper-V site and Azure', () => {
    const estate = lab();
    Object.assign(itemOf(estate, 'fin-db01'), { activeSiteId: 'site-azure', failoverState: 'committed' });
    const checks = run(estate, { operation: 'failback', scope: { itemId: 'fin-db01' }, sync: 'during', alternateHostId: 'hv-p-01', createVmIfMissing: true });
    expect(withRule(checks, 'R16', 'fail')[0]?.message).toMatch(/only from Azure to a Hyper-V site/);
  });

  it('R16: the alternate host must be at the site failed back to', () => {
    const checks = run(lab(), { ...fromAzure, sync: 'before', alternateHostId: 'hv-s-01', createVmIfMissing: true });
    expect(withRule(checks, 'R16', 'fail')[0]?.message).toMatch(/choose a host of Branch Office/);
  });

  it('R16: with the original site unreachable the failback suggests an alternate location', () => {
    const estate = lab();
    siteOf(estate, 'site-hyperv').reachable = false;
    expect(withRule(run(estate, { ...fromAzure, sync: 'before' }), 'R16', 'fail')[0]?.message).toMatch(/alternate location/);
  });

  it('R16: recommends synchronising before the failover for an alternate location', () => {
    expect(recommendedSync([], NOW, true).sync).toBe('before');
  });
});

describe('R17 failback from a secondary site', () => {
  it('R17: failback from a secondary site is a planned failover secondary → primary', () => {
    const checks = run(lab(), { operation: 'failback', scope: { itemId: 'pay02' } });
    expect(withRule(checks, 'R17', 'pass')[0]?.message).toMatch(/planned failover Contoso Secondary \(VMM\) → Contoso Primary \(VMM\); reverse-replicate afterwards/);
    expect(withRule(checks, 'R1', 'pass')[0]?.message).toMatch(/Secondary VMM site to Primary VMM site/);
    expect(withRule(checks, 'R5', 'pass')).toHaveLength(1);
    expect(failures(checks)).toEqual([]);
  });

  it('R17: failback after an unplanned failover needs reverse replication first', () => {
    const estate = lab();
    itemOf(estate, 'crm01').failoverState = 'committed';
    const checks = run(estate, { operation: 'failback', scope: { itemId: 'crm01' } });
    expect(withRule(checks, 'R9', 'fail')).toHaveLength(1);
  });

  it('R17 R3: failback of a plan is judged from the members away from their home site; members at home are left out', () => {
    // Payroll: PAY02 runs at the secondary site, PAY01 at home. No direction needs choosing for a failback.
    const checks = run(lab(), { operation: 'failback', scope: { planId: 'plan-payroll' } });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R3', 'pass')[0]?.message).toMatch(/failback goes Contoso Secondary \(VMM\) → Contoso Primary \(VMM\)/);
    expect(withRule(checks, 'R3', 'warn').map((c) => c.subject.id)).toEqual(['pay01']);
    expect(withRule(checks, 'R17', 'pass')).toHaveLength(1);
  });

  it('R17: a machine already at its primary site has nothing to fail back', () => {
    const checks = run(lab(), { operation: 'failback', scope: { planId: 'plan-core' } });
    expect(withRule(checks, 'R17', 'fail')[0]?.message).toMatch(/nothing to fail back/);
  });
});

describe('R15 planned failover out of Azure', () => {
  it('R15: a planned failover from Azure is a failback and applies the recommended data synchronisation', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-branch-return' } });
    expect(withRule(checks, 'R15', 'warn')).toHaveLength(1);
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R9')).toEqual([]);
  });
});
