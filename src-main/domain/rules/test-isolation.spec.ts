import { describe, expect, it } from 'vitest';
import { failures, lab, run, withRule } from './fixture.ts';
import { networkOptions } from './test-network.ts';

const coreTest = (testNetwork: unknown, extra: Record<string, unknown> = {}) =>
  ({ operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork, ...extra }) as Parameters<typeof run>[1];

describe('R18 R10 a test failover never brings a domain controller onto production', () => {
  it('R18: AD/DNS into an existing production VM network fails pre-flight: two domain controllers with the same identity on one network', () => {
    const checks = run(lab(), coreTest({ option: 'existing', networkId: 'net-s-corp' }));
    const [refused] = withRule(checks, 'R18', 'fail');
    expect(refused).toMatchObject({ subject: { id: 'dc01' }, message: expect.stringMatching(/DC01 \(AD\/DNS\) would start in .*not isolated from production: two domain controllers with the same identity/) });
  });

  it('R18: AD/DNS into a network created on the production logical network fails pre-flight', () => {
    const checks = run(lab(), coreTest({ option: 'create', logicalNetwork: 'LN-Corp' }));
    expect(withRule(checks, 'R18', 'fail')[0]?.message).toMatch(/a network created on LN-Corp .*two domain controllers with the same identity/);
  });

  it('R18: AD/DNS into an isolated network (existing, or created on an isolated or WNV logical network) passes', () => {
    for (const network of [{ option: 'existing', networkId: 'net-s-test-vlan' }, { option: 'create', logicalNetwork: 'LN-Test-VLAN' }, { option: 'create', logicalNetwork: 'LN-Test-WNV' }]) {
      const checks = run(lab(), coreTest(network));
      expect(withRule(checks, 'R18', 'fail')).toEqual([]);
      expect(withRule(checks, 'R10', 'warn')).toEqual([]);
    }
  });

  it('R10: any test failover into a non-isolated network warns that the sources keep running and offers to shut them down', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'existing', networkId: 'net-s-corp' } });
    expect(failures(checks)).toEqual([]);
    expect(withRule(checks, 'R10', 'warn')[0]?.message).toMatch(/source machines \(APP02, APP03 and FILE01\) keep running .*Shut the source machines down first/);
    const chosen = run(lab(), { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'existing', networkId: 'net-s-corp' }, shutdownSource: true });
    expect(withRule(chosen, 'R10', 'warn')[0]?.message).toMatch(/will be shut down at the source first \(as chosen\)/);
  });

  it('R10: shutting the sources down first is for a test failover only', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-apps' }, shutdownSource: true });
    expect(withRule(checks, 'R10', 'fail')[0]?.message).toMatch(/applies to a test failover only/);
  });

  it('R18: the wizard\'s network options offer no production network for a plan with a domain controller, saying why', () => {
    const options = networkOptions(lab(), { scope: { planId: 'plan-core' } });
    const corp = options.find((option) => option.choice.option === 'existing' && option.choice.networkId === 'net-s-corp');
    expect(corp).toMatchObject({ available: false, reason: expect.stringMatching(/two domain controllers with the same identity/) });
    const isolated = options.find((option) => option.choice.option === 'existing' && option.choice.networkId === 'net-s-test-vlan');
    expect(isolated?.available).toBe(true);
  });
});
