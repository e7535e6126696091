// R12 primitives: how a replica or test machine gets its address on a VM network, and which test network
// types cannot work for a replica network (reference, "Run a test failover", "Note that").
import type { IpPool, NetworkIsolation, ProtectedItem, VmNetwork } from '../model/estate.ts';
import type { CheckSubject } from '../model/operation.ts';

export interface AddressSource {
  name: string;
  isolation: NetworkIsolation;
  addressing: 'dhcp' | 'static-pool';
  pools: readonly IpPool[];
}

export type Allocation =
  | { ok: true; address: 'dhcp' | 'pool'; poolName: string | null; reason: string }
  | { ok: false; address: 'none'; poolName: null; reason: string };

/** R12: VLAN or no isolation → DHCP if defined, else the static pool, else allocation fails; WNV → a static pool regardless. */
export function allocate(network: AddressSource): Allocation {
  const pool = network.pools[0];
  if (network.isolation === 'wnv') {
    if (pool) return { ok: true, address: 'pool', poolName: pool.name, reason: `${network.name} uses network virtualization: the target VMM server assigns an address from its pool "${pool.name}".` };
    return { ok: false, address: 'none', poolName: null, reason: `${network.name} uses network virtualization but has no static IP pool, so IP allocation fails: define a static pool on it.` };
  }
  if (network.addressing === 'dhcp') return { ok: true, address: 'dhcp', poolName: null, reason: `${network.name} uses DHCP: the machine gets its address from the DHCP server on that network.` };
  if (pool) return { ok: true, address: 'pool', poolName: pool.name, reason: `${network.name} uses a static pool: the machine gets an address from "${pool.name}".` };
  return { ok: false, address: 'none', poolName: null, reason: `${network.name} uses static addressing but has no static IP pool, so IP allocation fails: define a pool on it.` };
}

/** R12: a WNV test network does not work for a DHCP + VLAN replica (no pools) nor for a No Isolation replica (no subnets for WNV). */
export function testNetworkConflict(testIsolation: NetworkIsolation, replica: VmNetwork): string | null {
  if (testIsolation !== 'wnv') return null;
  if (replica.isolation === 'none') {
    return `The replica network ${replica.name} has No Isolation, which lacks the subnets a network-virtualization test network needs: choose a VLAN test network or no network.`;
  }
  if (replica.isolation === 'vlan' && replica.addressing === 'dhcp') {
    return `The replica network ${replica.name} is DHCP + VLAN with no IP pools, so a network-virtualization test network cannot assign addresses: choose a VLAN test network or no network.`;
  }
  return null;
}

export function nicSubject(item: ProtectedItem, nicId: string): CheckSubject {
  return { kind: 'nic', id: nicId, name: `${item.name} ${nicId}` };
}

const PRIVATE = [
  [0x0a000000, 8],
  [0xac100000, 12],
  [0xc0a80000, 16],
] as const;

function toNumber(ip: string): number {
  return ip.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

/** RFC 1918 private address spaces (R13: internal non-RFC 1918 spaces can be retained in Azure). */
export function isRfc1918(ip: string): boolean {
  const value = toNumber(ip);
  return PRIVATE.some(([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!base || !Number.isInteger(bits)) return false;
  const block = 2 ** (32 - bits);
  return Math.floor(toNumber(ip) / block) === Math.floor(toNumber(base) / block);
}
