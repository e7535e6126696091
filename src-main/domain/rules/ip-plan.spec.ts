import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.ts';
import { failures, itemOf, lab, run, withRule } from './fixture.ts';
import { ipPlan } from './ip-plan.ts';

const entryOf = (entries: ReturnType<typeof ipPlan>, itemId: string) => entries.find((e) => e.itemId === itemId);

describe('R12 and R13 IP plan: secondary site', () => {
  it('R13: a static address is retained when the whole subnet fails over', () => {
    const entries = ipPlan(lab(), { operation: 'planned-failover', scope: { itemId: 'lab01' } });
    expect(entryOf(entries, 'lab01')).toMatchObject({ address: 'retained', ip: '10.8.0.11', ok: true });
  });

  it('R13: a partial subnet is not retained: the address comes from the target pool, with a warning', () => {
    const estate = lab();
    const entries = ipPlan(estate, { operation: 'planned-failover', scope: { planId: 'plan-core' } });
    // R13: the address each will get, in order from the replica pool.
    expect(entryOf(entries, 'dc01')).toMatchObject({ address: 'pool', poolName: 'Corp replica pool', partialSubnet: true, expectedIp: '10.1.0.100' });
    expect(entryOf(entries, 'sql01')).toMatchObject({ expectedIp: '10.1.0.101' });
    const checks = run(estate, { operation: 'planned-failover', scope: { planId: 'plan-core' } });
    expect(withRule(checks, 'R13', 'warn').find((c) => c.subject.id === 'dc01-nic0')?.message).toMatch(/cannot be retained because only part of 10.1.0.0\/24 fails over/);
  });

  it('R12: a DHCP replica network hands out the address by DHCP', () => {
    expect(entryOf(ipPlan(lab(), { operation: 'planned-failover', scope: { planId: 'plan-core' } }), 'web01')).toMatchObject({ address: 'dhcp', ok: true });
  });

  it('R12: a static replica network without a pool fails IP allocation and refuses the failover', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-staging' } });
    expect(withRule(checks, 'R12', 'fail').map((c) => c.subject.id)).toEqual(['stage01-nic0']);
  });

  it('R12: a source network without a pool whose replica has one warns to create pools on both VMM servers', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { itemId: 'lab01' } });
    expect(withRule(checks, 'R12', 'warn')[0]?.message).toMatch(/create the pool on both VMM servers/);
    expect(failures(checks)).toEqual([]);
  });

  it('R12: a NIC whose network has no mapping to the target cannot be connected', () => {
    const estate = lab();
    estate.networkMappings = estate.networkMappings.filter((m) => m.sourceNetworkId !== 'net-p-dmz');
    const checks = run(estate, { operation: 'planned-failover', scope: { itemId: 'web01' } });
    expect(withRule(checks, 'R12', 'fail')[0]?.message).toMatch(/add a network mapping/);
  });

  it('R13: a public IP at a secondary site is kept only if the ISP supports it (warn)', () => {
    const estate = lab();
    const nic = itemOf(estate, 'dc01').nics[0];
    if (nic) nic.publicIp = '198.51.100.10';
    expect(withRule(run(estate, { operation: 'planned-failover', scope: { itemId: 'dc01' } }), 'R13', 'warn').map((c) => c.message).join(' ')).toMatch(/only if your ISP supports it/);
  });
});

describe('R13 IP plan: Azure', () => {
  /** The production Azure network extended with the on-premises subnet 10.1.0.0/24, and FIN-DB01 set to keep 10.1.0.70. */
  function keepingInAzure() {
    const estate = lab();
    const vnet = estate.sites.find((site) => site.id === 'site-azure')!.azureNetworks.find((network) => network.id === 'vnet-prod')!;
    vnet.addressSpace.push('10.1.0.0/16');
    vnet.subnets.push({ name: 'corp', prefix: '10.1.0.0/24' });
    itemOf(estate, 'fin-db01').nics[0]!.targetIp = '10.1.0.70';
    return estate;
  }

  it('R13: a machine of a partial subnet going to Azure cannot keep its address: the plan says so, gives the address it will get and the alternatives', () => {
    const estate = keepingInAzure();
    const entry = entryOf(ipPlan(estate, { operation: 'planned-failover', scope: { planId: 'plan-finance-ready' } }), 'fin-db01');
    expect(entry).toMatchObject({ address: 'dhcp', ip: null, partialSubnet: true, expectedIp: '10.1.0.4' });
    expect(entry?.reason).toMatch(/10.1.0.70 cannot be kept in Azure because only part of 10.1.0.0\/24 fails over.*it will get 10.1.0.4.*fail over the whole subnet.*site-to-site VPN/);
    const checks = run(estate, { operation: 'planned-failover', scope: { planId: 'plan-finance-ready' } });
    expect(withRule(checks, 'R13', 'warn').find((c) => c.subject.id === 'fin-db01-nic0')?.message).toMatch(/it will get 10.1.0.4/);
  });

  it('R13: the whole subnet going to Azure keeps its configured address', () => {
    const estate = keepingInAzure();
    // Only FIN-DB01 left on 10.1.0.0/24 at the primary site: the whole subnet moves with it.
    for (const item of estate.items) if (item.id !== 'fin-db01') item.nics = item.nics.filter((nic) => nic.subnet !== '10.1.0.0/24');
    expect(entryOf(ipPlan(estate, { operation: 'planned-failover', scope: { itemId: 'fin-db01' } }), 'fin-db01')).toMatchObject({ address: 'retained', ip: '10.1.0.70', partialSubnet: false });
  });

  it('R13: Azure uses the configured target IP', () => {
    expect(entryOf(ipPlan(lab(), { operation: 'planned-failover', scope: { planId: 'plan-finance-ready' } }), 'fin-db01')).toMatchObject({ address: 'configured', ip: '10.50.2.70' });
  });

  it('R13: a public IP is never retained in Azure', () => {
    const checks = run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-finance-ready' } });
    expect(withRule(checks, 'R13', 'warn').find((c) => c.subject.id === 'fin-web01-nic0')?.message).toMatch(/203.0.113.71 is not retained in Azure/);
  });

  it('R13: without a configured target IP Azure assigns one from the subnet', () => {
    expect(entryOf(ipPlan(lab(), { operation: 'planned-failover', scope: { planId: 'plan-vmware' } }), 'vmw-app01')).toMatchObject({ address: 'dhcp', ip: null, ok: true });
  });

  it('R13: an internal non-RFC 1918 address configured as the Azure address is retained', () => {
    const estate = lab();
    const erp = itemOf(estate, 'erp01');
    const nic = erp.nics[0];
    if (nic) Object.assign(nic, { ip: '25.1.0.20', subnet: '25.1.0.0/24', targetIp: '25.1.0.20' });
    estate.sites.find((s) => s.id === 'site-azure')?.azureNetworks[0]?.subnets.push({ name: 'legacy', prefix: '25.1.0.0/24' });
    expect(entryOf(ipPlan(estate, { operation: 'planned-failover', scope: { itemId: 'erp01' } }), 'erp01')).toMatchObject({ address: 'retained', ip: '25.1.0.20', reason: expect.stringMatching(/non-RFC 1918/) });
  });

  it('R13: a test failover to Azure with no network leaves the machine unconnected', () => {
    expect(entryOf(ipPlan(lab(), { operation: 'test-failover', scope: { itemId: 'fin-db01' } }), 'fin-db01')).toMatchObject({ address: 'none', ok: true });
  });
});

describe('IP plan requests', () => {
  it('asks for a direction when members run on both sides, and exists only for failovers', () => {
    expect(() => ipPlan(lab(), { operation: 'planned-failover', scope: { planId: 'plan-payroll' } })).toThrow(AppError);
    expect(() => ipPlan(lab(), { operation: 'commit', scope: { planId: 'plan-crm' } })).toThrow(/only for a failover/);
  });
});
