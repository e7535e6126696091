import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.ts';
import { mayStart, OPERATION_KINDS } from '../model/operation.ts';
import { failures, itemOf, lab, run, siteOf, withRule } from './fixture.ts';
import { preflightReport, resolveDirection } from './preflight.ts';
import { context } from './fixture.ts';

describe('R1 in pre-flight', () => {
  it('R1: a test failover from VMware to Azure is refused (continuous replication has no test failover)', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { planId: 'plan-vmware' } });
    expect(withRule(checks, 'R1', 'fail')[0]?.message).toMatch(/test failover is not supported for VMware site to Azure/);
  });

  it('R1: a planned failover from VMware to Azure is the single Failover of continuous replication', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-vmware' } });
    expect(withRule(checks, 'R1', 'pass')[0]?.message).toMatch(/continuous replication/);
    expect(failures(checks)).toEqual([]);
  });

  it('R1: a test failover from Azure back to a VMM site is refused', () => {
    const estate = lab();
    Object.assign(itemOf(estate, 'fin-db01'), { activeSiteId: 'site-azure', failoverState: 'committed' });
    const checks = run(estate, { operation: 'test-failover', scope: { itemId: 'fin-db01' } });
    expect(withRule(checks, 'R1', 'fail')[0]?.message).toMatch(/Azure to VMM site/);
  });
});

describe('pre-flight grammar', () => {
  it('R1: says "an unplanned failover", not "a unplanned failover"', () => {
    const checks = run(lab(), { operation: 'unplanned-failover', scope: { planId: 'plan-apps' } });
    expect(withRule(checks, 'R1', 'pass')[0]?.message).toMatch(/^An unplanned failover is supported for /);
  });

  it('no check of any operation on any plan of the lab puts "a" before a vowel', () => {
    const estate = lab();
    const wrong: string[] = [];
    for (const plan of estate.plans) {
      for (const operation of OPERATION_KINDS) {
        let checks: ReturnType<typeof run>;
        try {
          checks = run(estate, { operation, scope: { planId: plan.id } });
        } catch {
          continue; // an operation the plan cannot even be asked about is refused before any sentence is written
        }
        for (const check of checks) if (/\b[Aa] [aeiouAEIOU]/.test(check.message)) wrong.push(`${plan.id} ${operation}: ${check.message}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('R2 replication before failover', () => {
  it('R2: a planned failover of the plan with a machine in initial replication is refused', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-finance' } });
    const [refusal] = withRule(checks, 'R2', 'fail');
    expect(refusal?.subject.id).toBe('fin-app01');
    expect(refusal?.message).toMatch(/initial replication \(62% done\)/);
  });

  it('R2: a test failover of a machine without a recovery point is refused', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { itemId: 'fin-app01' } });
    expect(withRule(checks, 'R2', 'fail')[0]?.message).toMatch(/no recovery point/);
  });

  it('R2: a planned failover passes once every member has completed initial replication', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-finance-ready' } });
    expect(withRule(checks, 'R2', 'fail')).toEqual([]);
    expect(withRule(checks, 'R2', 'pass')).toHaveLength(2);
  });
});

describe('R3 direction', () => {
  it('R3: members active on both sides make the direction ambiguous until the operator chooses it', () => {
    const report = preflightReport(lab(), { operation: 'planned-failover', scope: { planId: 'plan-payroll' } }, context());
    expect(report.direction).toBeNull();
    expect(report.mayStart).toBe(false);
    expect(withRule(report.checks, 'R3', 'fail')[0]?.message).toMatch(/choose the direction/);
  });

  it('R3: with the direction chosen the failover may start and members already at the target are left out', () => {
    const report = preflightReport(
      lab(),
      { operation: 'planned-failover', scope: { planId: 'plan-payroll' }, direction: { sourceSiteId: 'site-primary', targetSiteId: 'site-secondary' } },
      context(),
    );
    expect(report.direction).toMatchObject({ ambiguous: true, chosen: true, key: 'vmm-primary->vmm-secondary' });
    expect(withRule(report.checks, 'R3', 'warn')[0]?.subject.id).toBe('pay02');
    expect(report.mayStart).toBe(true);
  });

  it('R3: a chosen direction that does not join the plan\'s sites is refused', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-payroll' }, direction: { sourceSiteId: 'site-primary', targetSiteId: 'site-azure' } });
    expect(withRule(checks, 'R3', 'fail')).toHaveLength(1);
  });

  it('R3: when every member runs on one side the direction is shown for information', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-core' } });
    expect(withRule(checks, 'R3', 'pass')[0]?.message).toMatch(/for information/);
    expect(resolveDirection(lab(), { planId: 'plan-core' }).direction).toMatchObject({ sourceSiteId: 'site-primary', targetSiteId: 'site-secondary', ambiguous: false });
  });

  it('R3: a direction against where the members run is refused', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-core' }, direction: { sourceSiteId: 'site-secondary', targetSiteId: 'site-primary' } });
    expect(withRule(checks, 'R3', 'fail')[0]?.message).toMatch(/members run at Contoso Primary/);
  });

  it('R3: cloud-to-cloud protection on one VMM server is the cloud-to-cloud direction', () => {
    expect(resolveDirection(lab(), { planId: 'plan-dev' }).direction?.key).toBe('vmm-cloud->vmm-cloud');
  });
});

describe('R5 and R6: planned and unplanned failover', () => {
  it('R5: a planned failover shuts the sources down first', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-core' } });
    expect(withRule(checks, 'R5', 'pass')[0]?.message).toMatch(/5 machine\(s\) shut down at Contoso Primary \(VMM\) first \(no data loss\)/);
  });

  it('R5: a planned failover is refused when the source site is unreachable (it cannot shut the machines down)', () => {
    const estate = lab();
    siteOf(estate, 'site-primary').reachable = false;
    const checks = run(estate, { operation: 'planned-failover', scope: { planId: 'plan-core' } });
    expect(withRule(checks, 'R5', 'fail')[0]?.message).toMatch(/run an unplanned failover instead/);
  });

  it('R6: an unplanned failover warns of the data-loss window since the latest recovery point', () => {
    const checks = run(lab(), { operation: 'unplanned-failover', scope: { planId: 'plan-core' } });
    expect(withRule(checks, 'R6', 'warn')[0]?.message).toMatch(/up to \d+ minutes? for (WEB01|WEB02|APP01).*runs to completion/);
  });

  it('R6: an unplanned failover may start while the source site is down', () => {
    const estate = lab();
    siteOf(estate, 'site-primary').reachable = false;
    expect(mayStart(run(estate, { operation: 'unplanned-failover', scope: { planId: 'plan-core' } }))).toBe(true);
  });

  it('R6: shut down and synchronise against an unreachable source falls back to the latest recovery point', () => {
    const estate = lab();
    siteOf(estate, 'site-primary').reachable = false;
    const checks = run(estate, { operation: 'unplanned-failover', scope: { planId: 'plan-core' }, shutdownAndSync: true });
    expect(withRule(checks, 'R6', 'warn').map((c) => c.message).join(' ')).toMatch(/uses the latest recovery point/);
  });

  it('R6: shut down and synchronise with a reachable source is attempted first', () => {
    const checks = run(lab(), { operation: 'unplanned-failover', scope: { planId: 'plan-core' }, shutdownAndSync: true });
    expect(withRule(checks, 'R6', 'pass').some((c) => /tries to shut down 5 machine/.test(c.message))).toBe(true);
    expect(withRule(checks, 'R6', 'warn')).toEqual([]);
  });

  it('R6: an unplanned failover needs a recovery point', () => {
    const checks = run(lab(), { operation: 'unplanned-failover', scope: { itemId: 'fin-app01' } });
    expect(withRule(checks, 'R6', 'fail')[0]?.subject.id).toBe('fin-app01');
  });
});

describe('R7, R8, R9, R10 and R14 around a failover', () => {
  it('R7: a machine still commit pending cannot fail over again', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { itemId: 'crm01' } });
    expect(withRule(checks, 'R7', 'fail')[0]?.message).toMatch(/commit it/);
  });

  it('R8: a failover states whether the machines stay protected (planned to a secondary site: protected)', () => {
    const planned = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-core' } });
    expect(withRule(planned, 'R8', 'pass')[0]?.message).toMatch(/stay protected/);
    const unplanned = run(lab(), { operation: 'unplanned-failover', scope: { planId: 'plan-core' } });
    expect(withRule(unplanned, 'R8', 'warn')[0]?.message).toMatch(/not protected/);
  });

  it('R9: a machine not replicating since its failover must be reverse-replicated before failing over again', () => {
    const estate = lab();
    itemOf(estate, 'crm01').failoverState = 'committed';
    const checks = run(estate, { operation: 'planned-failover', scope: { itemId: 'crm01' } });
    expect(withRule(checks, 'R9', 'fail')[0]?.message).toMatch(/run reverse replication first/);
  });

  it('R10: a test failover promises no impact and cleanup by Complete Test', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { planId: 'plan-core' } });
    expect(withRule(checks, 'R10', 'pass')[0]?.message).toMatch(/untouched.*Complete Test.*two weeks/);
  });

  it('R10: a test failover to an unreachable site is refused', () => {
    const estate = lab();
    siteOf(estate, 'site-secondary').reachable = false;
    const checks = run(estate, { operation: 'test-failover', scope: { planId: 'plan-core' } });
    expect(withRule(checks, 'R10', 'fail')[0]?.message).toMatch(/not reachable/);
  });

  it('R14: SAN policy Off warns that drive letters may change; SAN policy On says nothing', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-core' } });
    expect(withRule(checks, 'R14').map((c) => [c.status, c.subject.id])).toEqual([['warn', 'app01']]);
  });
});

describe('LOCK and unknown references', () => {
  it('LOCK: an item already in a running job is refused, named', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { planId: 'plan-core' } }, { busyItemIds: new Set(['sql01']) });
    expect(withRule(checks, 'LOCK', 'fail').map((c) => c.subject.id)).toEqual(['sql01']);
  });

  it('LOCK: with no member busy the lock passes', () => {
    expect(withRule(run(lab(), { operation: 'commit', scope: { planId: 'plan-crm' } }), 'LOCK', 'pass')).toHaveLength(1);
  });

  it.each([
    [{ operation: 'commit', scope: { planId: 'plan-nope' } }, 'plan-nope'],
    [{ operation: 'commit', scope: { itemId: 'ghost01' } }, 'ghost01'],
    [{ operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'existing', networkId: 'net-nowhere' } }, 'net-nowhere'],
    [{ operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Nowhere' } }, 'LN-Nowhere'],
    [{ operation: 'failback', scope: { planId: 'plan-branch-return' }, alternateHostId: 'hv-x-99' }, 'hv-x-99'],
    [{ operation: 'change-recovery-point', scope: { itemId: 'crm01' }, recoveryPointId: 'dc01-rp8' }, 'dc01-rp8'],
    [{ operation: 'planned-failover', scope: { planId: 'plan-core' }, direction: { sourceSiteId: 'site-mars', targetSiteId: 'site-secondary' } }, 'site-mars'],
  ] as const)('an unknown reference is a NOT_FOUND error naming it (%#)', (request, name) => {
    const attempt = (): unknown => run(lab(), request as never);
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow(name);
    try {
      attempt();
    } catch (error) {
      expect((error as AppError).code).toBe('NOT_FOUND');
    }
  });
});
