import { describe, expect, it } from 'vitest';
import { itemOf, lab } from '../rules/fixture.ts';
import { ipPlanTestAddresses } from './test-addresses.ts';

const addressesOf = (id: string) => {
  const estate = lab();
  return ipPlanTestAddresses(estate, estate.plans[0]!, itemOf(estate, id));
};

describe('test addresses come from the IP plan (issue 7 × rules)', () => {
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
