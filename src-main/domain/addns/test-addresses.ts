// Where the wizard gets a machine's address in the test network: from the rules' IP plan (R12/R13), so the DNS
// script writes the address the machine will have (R18; docs/decisions.md, "AD/DNS addresses from the IP plan").
// A test failover into an isolated network that copies the replica network's subnets and pools (R12, docs/
// decisions.md) allocates like the replica network does, so the failover's IP plan says how each NIC is addressed.
import { AppError } from '../../contract/errors.ts';
import type { Estate, ProtectedItem, RecoveryPlan } from '../model/estate.ts';
import type { TestNetworkChoice } from '../model/operation.ts';
import { ipPlan, type IpPlanEntry } from '../rules/ip-plan.ts';

export interface TestAddress {
  nicId: string;
  ip: string;
}

export type TestAddressSource = (estate: Estate, plan: RecoveryPlan, item: ProtectedItem) => TestAddress[];

/**
 * The address known before the test: retained or the configured Azure IP (R13); from a static pool, a static NIC
 * keeps its own address, which nothing else holds inside the isolated copy. DHCP NICs register themselves, and a
 * NIC the plan cannot address (no mapping, no pool) has none.
 */
export function testAddressOf(entry: IpPlanEntry): string | null {
  if (!entry.ok) return null;
  if (entry.address === 'retained' || entry.address === 'configured') return entry.ip;
  if (entry.address === 'pool') return entry.sourceIp;
  return null;
}

/**
 * R12/R18: the addresses the IP plan gives the plan's machines in the chosen test network — the address the
 * test copy will have there (the next free one of the test network's pool, or its configured Azure address),
 * never its production address. Planned once per plan, so machines sharing a pool get distinct addresses.
 */
export function testNetworkAddresses(choice: TestNetworkChoice): TestAddressSource {
  const byPlan = new Map<string, Map<string, TestAddress[]>>();
  return (estate, plan, item) => {
    let byItem = byPlan.get(plan.id);
    if (!byItem) {
      byItem = new Map();
      let entries: IpPlanEntry[] = [];
      try {
        entries = ipPlan(estate, { operation: 'test-failover', scope: { planId: plan.id }, testNetwork: choice });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
      }
      for (const entry of entries) {
        const ip = entry.ok && (entry.address === 'retained' || entry.address === 'configured') ? entry.ip : entry.ok ? (entry.expectedIp ?? null) : null;
        if (ip !== null) byItem.set(entry.itemId, [...(byItem.get(entry.itemId) ?? []), { nicId: entry.nicId, ip }]);
      }
      byPlan.set(plan.id, byItem);
    }
    return byItem.get(item.id) ?? [];
  };
}

/** The item's test addresses from the IP plan of its failover (from where it runs to the other side). */
export const ipPlanTestAddresses: TestAddressSource = (estate, _plan, item) => {
  let entries: IpPlanEntry[];
  try {
    entries = ipPlan(estate, { operation: 'unplanned-failover', scope: { itemId: item.id } });
  } catch (error) {
    if (error instanceof AppError) return []; // nothing to plan (an unknown site or network): no address to offer
    throw error;
  }
  return entries.flatMap((entry) => {
    const ip = testAddressOf(entry);
    return ip === null ? [] : [{ nicId: entry.nicId, ip }];
  });
};
