import { describe, expect, it } from 'vitest';
import { failures, itemOf, lab, NOW, run, siteOf, withRule } from './fixture.ts';
import { protectionAfter } from './protection.ts';

describe('R7 commit and change recovery point', () => {
  it('R7: commit passes for a machine in commit pending', () => {
    const checks = run(lab(), { operation: 'commit', scope: { planId: 'plan-crm' } });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R7', 'pass')[0]?.message).toMatch(/removes its other recovery points/);
  });

  it('R7: commit is refused for machines that did not fail over or are already committed', () => {
    const notFailedOver = run(lab(), { operation: 'commit', scope: { itemId: 'dc01' } });
    expect(withRule(notFailedOver, 'R7', 'fail')[0]?.message).toMatch(/has not failed over: there is nothing to commit/);
    const committed = run(lab(), { operation: 'commit', scope: { itemId: 'pay02' } });
    expect(withRule(committed, 'R7', 'fail')[0]?.message).toMatch(/already committed/);
  });

  it('R7: commit of a whole plan commits its commit-pending members and reports the others with their reason', () => {
    const estate = lab();
    Object.assign(itemOf(estate, 'pay01'), { activeSiteId: 'site-secondary', failoverState: 'commit-pending' });
    const checks = run(estate, { operation: 'commit', scope: { planId: 'plan-payroll' } });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R7', 'pass').map((c) => c.subject.id)).toEqual(['pay01']);
    expect(withRule(checks, 'R7', 'warn')).toEqual([expect.objectContaining({ subject: expect.objectContaining({ id: 'pay02' }), message: expect.stringMatching(/PAY02 is already committed: there is nothing to commit; it is left out/) })]);
  });

  it('R7: commit of a plan none of whose members is commit pending is refused', () => {
    const checks = run(lab(), { operation: 'commit', scope: { planId: 'plan-core' } });
    expect(withRule(checks, 'R7', 'fail').map((c) => c.subject.id)).toEqual(['plan-core']);
  });

  it('R7: change recovery point uses the latest point by default', () => {
    const estate = lab();
    const checks = run(estate, { operation: 'change-recovery-point', scope: { itemId: 'crm01' } });
    expect(withRule(checks, 'R7', 'pass')[0]?.message).toMatch(/the latest recovery point crm01-rp8/);
  });

  it('R7: change recovery point to a chosen existing point while commit pending', () => {
    const checks = run(lab(), { operation: 'change-recovery-point', scope: { itemId: 'crm01' }, recoveryPointId: 'crm01-rp4' });
    expect(withRule(checks, 'R7', 'pass')[0]?.message).toMatch(/the chosen recovery point crm01-rp4 .*app-consistent/);
  });

  it('R7: change recovery point is refused once the failover is committed', () => {
    const checks = run(lab(), { operation: 'change-recovery-point', scope: { itemId: 'pay02' }, recoveryPointId: 'pay02-rp3' });
    expect(withRule(checks, 'R7', 'fail')[0]?.message).toMatch(/only while a failover is commit pending/);
  });
});

describe('R8 and R9 protection and reverse replication', () => {
  it('R8: protection after failover — to Azure not protected, unplanned to a secondary not protected, planned to a secondary protected', () => {
    const estate = lab();
    expect(protectionAfter('planned-failover', siteOf(estate, 'site-azure'))).toBe('not-protected');
    expect(protectionAfter('unplanned-failover', siteOf(estate, 'site-secondary'))).toBe('not-protected');
    expect(protectionAfter('planned-failover', siteOf(estate, 'site-secondary'))).toBe('protected');
  });

  it('R8: reverse replication before commit is refused', () => {
    const checks = run(lab(), { operation: 'reverse-replication', scope: { planId: 'plan-crm' } });
    expect(withRule(checks, 'R8', 'fail')[0]?.message).toMatch(/commit the failover first/);
  });

  it('R8: reverse replication of a machine that never failed over is refused', () => {
    const checks = run(lab(), { operation: 'reverse-replication', scope: { itemId: 'dc01' } });
    expect(withRule(checks, 'R8', 'fail')[0]?.message).toMatch(/nothing to reverse/);
  });

  it('R9: a machine a planned failover kept protected still reverse-replicates, by delta (R17 needs it)', () => {
    const checks = run(lab(), { operation: 'reverse-replication', scope: { itemId: 'pay02' } });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R9', 'pass')[0]?.message).toMatch(/delta synchronisation \(its last failover was planned\)/);
  });

  it('R8: a protected machine whose last failover was not planned needs no reverse replication', () => {
    const estate = lab();
    Object.assign(itemOf(estate, 'crm01'), { failoverState: 'committed', replication: { ...itemOf(estate, 'crm01').replication, state: 'resynchronizing' } });
    expect(withRule(run(estate, { operation: 'reverse-replication', scope: { itemId: 'crm01' } }), 'R8', 'fail')[0]?.message).toMatch(/already resynchronizing/);
  });

  it('R9: reverse replication after an unplanned failover is a full transfer by the initial replication method', () => {
    const estate = lab();
    itemOf(estate, 'crm01').failoverState = 'committed';
    const checks = run(estate, { operation: 'reverse-replication', scope: { itemId: 'crm01' } });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R9', 'warn')[0]?.message).toMatch(/in full \(initial replication method: by offline transfer\)/);
  });

  it('R9: reverse replication after a planned failover is a delta synchronisation', () => {
    const estate = lab();
    const crm = itemOf(estate, 'crm01');
    crm.failoverState = 'committed';
    if (crm.lastFailover) crm.lastFailover.type = 'planned';
    expect(withRule(run(estate, { operation: 'reverse-replication', scope: { itemId: 'crm01' } }), 'R9', 'pass')[0]?.message).toMatch(/delta/);
  });

  it('R9: reverse replication waits until the other site is reachable', () => {
    const estate = lab();
    itemOf(estate, 'crm01').failoverState = 'committed';
    siteOf(estate, 'site-primary').reachable = false;
    expect(withRule(run(estate, { operation: 'reverse-replication', scope: { itemId: 'crm01' } }), 'R9', 'fail')[0]?.message).toMatch(/not reachable/);
  });

  it('R8: machines running in Azure after a failover there are not reverse-replicated to themselves: fail back instead', () => {
    const checks = run(lab(), { operation: 'reverse-replication', scope: { planId: 'plan-branch-return' } });
    const refused = withRule(checks, 'R8', 'fail');
    expect(refused.map((c) => c.subject.id)).toEqual(['br-file01', 'br-web01']);
    expect(refused[0]?.message).toMatch(/not reverse-replicated from Azure \(Azure keeps it resilient meanwhile\)\. Fail it back to Branch Office \(Hyper-V\)/);
  });

  it('R8 R1: a VMware machine in Azure has no failback direction: the refusal says it stays in Azure', () => {
    const estate = lab();
    Object.assign(itemOf(estate, 'vmw-web01'), { activeSiteId: 'site-azure', failoverState: 'committed', replication: { ...itemOf(estate, 'vmw-web01').replication, state: 'not-protected' } });
    const [refused] = withRule(run(estate, { operation: 'reverse-replication', scope: { itemId: 'vmw-web01' } }), 'R8', 'fail');
    expect(refused?.message).toMatch(/offers no failback from Azure to Datacenter \(VMware\) \(R1\); Azure keeps it resilient/);
  });

  it('R9: reverse replication after a failback from Azure is allowed from the home site towards Azure', () => {
    const estate = lab();
    Object.assign(itemOf(estate, 'br-web01'), { activeSiteId: 'site-hyperv', failoverState: 'committed', lastFailover: { type: 'planned', at: NOW.toISOString(), fromSiteId: 'site-azure', toSiteId: 'site-hyperv' } });
    const checks = run(estate, { operation: 'reverse-replication', scope: { itemId: 'br-web01' } });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R9', 'pass')[0]?.message).toMatch(/replicates from .* to Azure West Europe by delta/);
  });

  it('R8: reverse replication of a plan leaves out the members with nothing to reverse, and is refused when none has', () => {
    const estate = lab();
    itemOf(estate, 'pay02').failoverState = 'committed';
    const checks = run(estate, { operation: 'reverse-replication', scope: { planId: 'plan-payroll' } });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R8', 'warn').map((c) => c.subject.id)).toEqual(['pay01']);
    const none = run(lab(), { operation: 'reverse-replication', scope: { planId: 'plan-core' } });
    expect(withRule(none, 'R8', 'fail').map((c) => c.subject.id)).toEqual(['plan-core']);
  });
});
