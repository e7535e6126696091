import { describe, expect, it } from 'vitest';
import { failures, lab, run, withRule } from './fixture.ts';
import { networkOptions } from './test-network.ts';

const describeChoice = (o: { choice: { option: string; networkId?: string; logicalNetwork?: string } }): string =>
  o.choice.option === 'none' ? 'none' : `${o.choice.option}:${o.choice.networkId ?? o.choice.logicalNetwork ?? ''}`;

describe('R11 test-failover network options by target', () => {
  it('R11: Azure offers no network or an existing Azure network; "create" is listed disabled with the reason', () => {
    const options = networkOptions(lab(), { scope: { planId: 'plan-finance-ready' } });
    expect(options.map(describeChoice)).toEqual(['none', 'existing:vnet-prod', 'existing:vnet-test', 'create:new']);
    expect(options.filter((o) => o.available).map(describeChoice)).toEqual(['none', 'existing:vnet-prod', 'existing:vnet-test']);
    expect(options.at(-1)?.reason).toMatch(/offers no network creation/);
  });

  it('R11: a secondary VMM site offers no network, each of its VM networks, and creating one per logical network', () => {
    const options = networkOptions(lab(), { scope: { itemId: 'dc01' } });
    expect(options[0]?.choice).toEqual({ option: 'none' });
    expect(options.filter((o) => o.choice.option === 'existing')).toHaveLength(8);
    expect(options.filter((o) => o.choice.option === 'create').map(describeChoice)).toContain('create:LN-Test-VLAN');
  });

  it('R11: a network that is not isolated from production stays available with a warning', () => {
    const prod = networkOptions(lab(), { scope: { planId: 'plan-finance-ready' } }).find((o) => describeChoice(o) === 'existing:vnet-prod');
    expect(prod).toMatchObject({ available: true, warning: expect.stringMatching(/not isolated from production/) });
  });

  it('R11: a network of another site is refused', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'existing', networkId: 'vnet-test' } });
    expect(withRule(checks, 'R11', 'fail')[0]?.message).toMatch(/is at Azure West Europe, not at the target/);
  });

  it('R11: creating a network is not an option for Azure', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { planId: 'plan-finance-ready' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Corp' } });
    expect(withRule(checks, 'R11', 'fail')[0]?.message).toMatch(/no network creation/);
  });

  it('R11: test machines at a secondary site go on the replica\'s host, not into its cloud', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'existing', networkId: 'net-s-test-vlan' } });
    expect(withRule(checks, 'R11', 'pass')[0]?.message).toMatch(/created on the replica's host and are not added to its cloud/);
    expect(failures(checks)).toEqual([]);
  });

  it('R11: when the direction supports no test failover every option is unavailable with the R1 reason', () => {
    const options = networkOptions(lab(), { scope: { planId: 'plan-branch-return' } });
    expect(options.every((o) => !o.available && /not supported/.test(o.reason))).toBe(true);
  });
});

describe('R12 test network compatibility with the replica network', () => {
  const wnvTest = { option: 'existing', networkId: 'net-s-test-wnv' } as const;

  it('R12: WNV test network is refused for a No Isolation replica network', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { itemId: 'web02' }, testNetwork: wnvTest });
    expect(withRule(checks, 'R12', 'fail')[0]?.message).toMatch(/No Isolation.*choose a VLAN test network/);
  });

  it('R12: WNV test network is refused for a DHCP + VLAN replica network (no address pools)', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { itemId: 'web01' }, testNetwork: wnvTest });
    expect(withRule(checks, 'R12', 'fail')[0]?.message).toMatch(/DHCP \+ VLAN with no IP pools/);
  });

  it('R12: WNV test network works for a replica on a WNV network with a pool', () => {
    expect(failures(run(lab(), { operation: 'test-failover', scope: { itemId: 'app01' }, testNetwork: wnvTest }))).toEqual([]);
  });

  it('R12: creating a WNV test network for a No Isolation replica is refused too', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { itemId: 'web02' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Test-WNV' } });
    expect(withRule(checks, 'R12', 'fail')).toHaveLength(1);
  });

  it('R12: an existing VLAN test network with static addressing and no pool fails IP allocation', () => {
    const checks = run(lab(), { operation: 'test-failover', scope: { itemId: 'dc01' }, testNetwork: { option: 'existing', networkId: 'net-s-nopool' } });
    expect(withRule(checks, 'R12', 'fail')[0]?.message).toMatch(/no static IP pool, so IP allocation fails/);
  });

  it('R12: a WNV test network without a pool fails IP allocation whatever the replica uses', () => {
    const estate = lab();
    const testWnv = estate.sites.flatMap((s) => s.networks).find((n) => n.id === 'net-s-test-wnv');
    if (testWnv) testWnv.pools = [];
    const checks = run(estate, { operation: 'test-failover', scope: { itemId: 'app01' }, testNetwork: wnvTest });
    expect(withRule(checks, 'R12', 'fail')[0]?.message).toMatch(/network virtualization but has no static IP pool/);
  });
});
