import { describe, expect, it } from 'vitest';
import { itemOf, lab } from '../rules/fixture.ts';
import { preparePackage } from './preparation.ts';
import { ipPlanTestAddresses, testNetworkAddresses } from './test-addresses.ts';

const addressesOf = (id: string) => {
  const estate = lab();
  return ipPlanTestAddresses(estate, estate.plans[0]!, itemOf(estate, id));
};

describe('test addresses come from the IP plan (R12/R13)', () => {
  it('R13: a machine failing over to Azure is recorded at its configured Azure address, not its on-premises one', () => {
    expect(addressesOf('fin-db01')).toEqual([{ nicId: 'fin-db01-nic0', ip: '10.50.2.70' }]);
  });

  it('R13: without a configured Azure address there is nothing to record in advance (Azure assigns it)', () => {
    expect(addressesOf('vmw-app01')).toEqual([]);
  });

  it('R12: a static NIC whose replica network allocates from a pool keeps its address in the isolated copy', () => {
    expect(addressesOf('app02')).toEqual([{ nicId: 'app02-nic0', ip: '10.1.0.31' }]);
  });

  it('R12: a DHCP NIC has no test address (the machine registers itself)', () => {
    expect(addressesOf('web01')).toEqual([]);
  });

  it('R12: a NIC whose replica network cannot allocate (static, no pool) gets no address', () => {
    const estate = lab();
    const stage = itemOf(estate, 'stage01');
    expect(stage.nics.every((nic) => nic.addressing === 'static')).toBe(true);
    expect(ipPlanTestAddresses(estate, estate.plans[0]!, stage)).toEqual([]);
  });
});

describe('R12 R18: the DNS records use the test network\'s addresses', () => {
  it('R12: in the chosen test network each machine gets the next free address of its pool, never its production address', () => {
    const estate = lab();
    const plan = estate.plans.find((candidate) => candidate.id === 'plan-apps')!;
    const addressesIn = testNetworkAddresses({ option: 'existing', networkId: 'net-s-test-vlan' });
    const app02 = addressesIn(estate, plan, itemOf(estate, 'app02'));
    const app03 = addressesIn(estate, plan, itemOf(estate, 'app03'));
    expect(app02).toEqual([{ nicId: 'app02-nic0', ip: '10.1.0.200' }]);
    expect(app03).toEqual([{ nicId: 'app03-nic0', ip: '10.1.0.201' }]);
  });

  it('R18: the record-update script of the AD/DNS preparation writes the test addresses', () => {
    const pack = preparePackage(lab(), {
      planId: 'plan-apps',
      topology: 'same-vm',
      copyMethod: 'hyper-v-replication',
      zone: 'contoso.local',
      dnsServerName: 'dc01',
      dnsServerIp: '10.1.0.10',
      addressing: 'static',
      machineIds: ['app02'],
      testNetwork: { option: 'existing', networkId: 'net-s-test-vlan' },
    });
    expect(pack.records).toEqual([{ name: 'APP02', ip: '10.1.0.200' }]);
    const script = pack.files.find((file) => file.fileName === 'update-dns-records.ps1')?.content ?? '';
    expect(script).toContain("-IP '10.1.0.200'");
    expect(script).not.toContain('10.1.0.31');
  });
});
