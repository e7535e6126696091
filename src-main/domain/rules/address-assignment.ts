// R13: the address a machine will get when it cannot keep its own — the first free address of the target pool,
// or of the Azure subnet (Azure keeps the first four addresses and the last of every subnet for itself).
import type { Estate, IpPool } from '../model/estate.ts';

function toNumber(ip: string): number {
  return ip.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

function toIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Every address the estate's machines hold or are configured to take (on-premises and in Azure). */
export function takenAddresses(estate: Estate): Set<string> {
  const taken = new Set<string>();
  for (const item of estate.items) {
    for (const nic of item.nics) {
      if (nic.ip) taken.add(nic.ip);
      if (nic.targetIp) taken.add(nic.targetIp);
    }
  }
  return taken;
}

function firstFree(from: number, to: number, taken: Set<string>): string | null {
  // Bounded: a pool or subnet of a real estate; the loop stops at the first free address.
  for (let value = from; value <= to; value++) {
    const ip = toIp(value);
    if (!taken.has(ip)) {
      taken.add(ip);
      return ip;
    }
  }
  return null;
}

/** The next free address of a static pool (the VMM server hands them out in order), reserved in `taken`. */
export function nextFromPool(pool: IpPool, taken: Set<string>): string | null {
  return firstFree(toNumber(pool.start), toNumber(pool.end), taken);
}

/** The next address Azure assigns in a subnet (it reserves the first four and the last), reserved in `taken`. */
export function nextInAzureSubnet(prefix: string, taken: Set<string>): string | null {
  const [base, bitsText] = prefix.split('/');
  const size = 2 ** (32 - Number(bitsText));
  const network = Math.floor(toNumber(base ?? '0.0.0.0') / size) * size;
  return firstFree(network + 4, network + size - 2, taken);
}
