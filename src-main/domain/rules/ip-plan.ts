// R12/R13: the address each NIC has after the failover, and why. Secondary site: retained only when the
// whole subnet fails over, otherwise from DHCP or the target pool; Azure: the configured target IP; a public
// IP is never retained in Azure.
import { AppError } from '../../contract/errors.ts';
import type { Estate, IpPool, Nic, ProtectedItem, Site } from '../model/estate.ts';
import type { Check, OperationRequest } from '../model/operation.ts';
import { nextFromPool, nextInAzureSubnet, takenAddresses } from './address-assignment.ts';
import { allocate, inCidr, isRfc1918, nicSubject } from './addressing.ts';
import { check } from './check.ts';
import { directionChecks, resolveDirectionFor } from './direction.ts';
import { findNetworkOrNull, findSite, mappedNetwork, resolveScope } from './lookup.ts';
import { DEFAULT_TEST_NETWORK, resolveTestNetwork, testNicOutcome } from './test-network.ts';

export type AddressOutcome = 'retained' | 'pool' | 'dhcp' | 'configured' | 'none';

export interface IpPlanEntry {
  itemId: string;
  itemName: string;
  nicId: string;
  sourceNetworkId: string;
  targetNetworkId: string | null;
  sourceIp: string | null;
  address: AddressOutcome;
  /** The address known in advance (retained or configured), else null. */
  ip: string | null;
  poolName: string | null;
  /** False when allocation fails (the operation must not start). */
  ok: boolean;
  reason: string;
  /** Static NIC whose subnet only partly fails over (R13: its address cannot be retained). */
  partialSubnet: boolean;
  /** R13: for such a NIC, the address it will get (the first free one of the pool or Azure subnet), when known. */
  expectedIp?: string;
  publicIp: string | null;
}

const FAILOVER_OPERATIONS = new Set(['test-failover', 'planned-failover', 'unplanned-failover', 'failback']);

/** R13: per subnet, the machines running at the source with a NIC on it (built once per plan: large plans stay linear). */
function subnetOccupants(estate: Estate, sourceSiteId: string): Map<string, string[]> {
  const occupants = new Map<string, string[]>();
  for (const item of estate.items) {
    if (item.activeSiteId !== sourceSiteId) continue;
    for (const subnet of new Set(item.nics.map((nic) => nic.subnet))) {
      const list = occupants.get(subnet);
      if (list) list.push(item.id);
      else occupants.set(subnet, [item.id]);
    }
  }
  return occupants;
}

/** R13: the whole subnet fails over when every machine on it at the source is among those moving. */
interface SubnetView {
  occupants: Map<string, string[]>;
  moving: Set<string>;
  /** Each subnet's verdict, judged once: every machine of a subnet asks the same question (linear, not quadratic). */
  whole?: Map<string, boolean>;
}

function wholeSubnetMoves(view: SubnetView, subnet: string): boolean {
  view.whole ??= new Map();
  let whole = view.whole.get(subnet);
  if (whole === undefined) {
    whole = (view.occupants.get(subnet) ?? []).every((id) => view.moving.has(id));
    view.whole.set(subnet, whole);
  }
  return whole;
}

function entryBase(item: ProtectedItem, nic: Nic): Omit<IpPlanEntry, 'address' | 'ip' | 'poolName' | 'ok' | 'reason' | 'targetNetworkId' | 'partialSubnet'> {
  return { itemId: item.id, itemName: item.name, nicId: nic.id, sourceNetworkId: nic.networkId, sourceIp: nic.ip ?? null, publicIp: nic.publicIp ?? null };
}

/** What the subnet rule needs for a real failover (a test copy in its own network keeps nothing from production). */
interface Placement {
  view: SubnetView;
  taken: Set<string>;
}

const ALTERNATIVES = 'To keep it, fail over the whole subnet; otherwise connect the sites (site-to-site VPN) and update DNS for the new address.';

function toAzure(item: ProtectedItem, nic: Nic, targetNetworkId: string | null, subnets: readonly string[], placement: Placement | null): IpPlanEntry {
  const base = { ...entryBase(item, nic), targetNetworkId, poolName: null, ok: true, partialSubnet: false };
  const subnet = nic.targetIp ? subnets.find((cidr) => inCidr(nic.targetIp ?? '', cidr)) : undefined;
  if (nic.targetIp && (subnets.length === 0 || subnet)) {
    if (nic.targetIp === nic.ip && placement && nic.addressing === 'static' && !wholeSubnetMoves(placement.view, nic.subnet)) {
      // R13: one subnet cannot live both on-premises and in Azure; the machines left behind keep it.
      const expected = subnet ? nextInAzureSubnet(subnet, placement.taken) : null;
      const gets = expected ? `it will get ${expected}, the first free address Azure assigns in ${subnet}` : 'Azure assigns it an address from the subnet';
      return {
        ...base,
        address: 'dhcp',
        ip: null,
        partialSubnet: true,
        ...(expected ? { expectedIp: expected } : {}),
        reason: `${nic.ip} cannot be kept in Azure because only part of ${nic.subnet} fails over (the rest stays on-premises, and a subnet cannot be on both sides): ${gets}. ${ALTERNATIVES}`,
      };
    }
    if (nic.targetIp === nic.ip) {
      const why = nic.ip && !isRfc1918(nic.ip) ? 'an internal non-RFC 1918 address, configured as its Azure address' : 'configured as its Azure address';
      return { ...base, address: 'retained', ip: nic.targetIp, reason: `${nic.ip} is kept: ${why}.` };
    }
    return { ...base, address: 'configured', ip: nic.targetIp, reason: `Azure assigns the configured target IP ${nic.targetIp} (Configure tab of the machine).` };
  }
  const why = nic.targetIp ? `the configured ${nic.targetIp} is outside the network's subnets, so ` : '';
  return { ...base, address: 'dhcp', ip: null, reason: `${why}Azure assigns an address from the subnet; set a target IP in the machine's Configure tab to choose it.` };
}

function toSite(estate: Estate, item: ProtectedItem, nic: Nic, target: Site, placement: Placement): IpPlanEntry {
  const { view } = placement;
  const replica = mappedNetwork(estate, nic.networkId, target);
  const base = entryBase(item, nic);
  if (!replica || replica.kind !== 'vm') {
    return { ...base, targetNetworkId: null, address: 'none', ip: null, poolName: null, ok: false, partialSubnet: false, reason: `No network on ${target.name} is mapped from ${nic.networkId}: add a network mapping, or the replica is connected to nothing.` };
  }
  const targetNetworkId = replica.network.id;
  // Even a retained address is handed out by the target network (its pool reserves it), so allocation comes first.
  const allocation = allocate(replica.network);
  if (!allocation.ok) {
    return { ...base, targetNetworkId, address: 'none', ip: null, poolName: null, ok: false, partialSubnet: false, reason: allocation.reason };
  }
  const whole = wholeSubnetMoves(view, nic.subnet);
  if (nic.addressing === 'static' && nic.ip && whole) {
    return { ...base, targetNetworkId, address: 'retained', ip: nic.ip, poolName: allocation.poolName, ok: true, partialSubnet: false, reason: `${nic.ip} is retained: the whole subnet ${nic.subnet} fails over.` };
  }
  const partialSubnet = nic.addressing === 'static' && !whole;
  if (!partialSubnet) return { ...base, targetNetworkId, address: allocation.address, ip: null, poolName: allocation.poolName, ok: true, partialSubnet, reason: allocation.reason };
  const pool = replica.network.pools.find((candidate) => candidate.name === allocation.poolName);
  const expected = allocation.address === 'pool' && pool ? nextFromPool(pool, placement.taken) : null;
  const gets = expected ? `it will get ${expected}, the next free address of "${pool?.name ?? ''}"` : allocation.reason.replace(/\.$/, '');
  return {
    ...base,
    targetNetworkId,
    address: allocation.address,
    ip: null,
    poolName: allocation.poolName,
    ok: true,
    partialSubnet,
    ...(expected ? { expectedIp: expected } : {}),
    reason: `${nic.ip ?? 'The address'} cannot be retained because only part of ${nic.subnet} fails over (subnets cannot be split between sites): ${gets}. ${ALTERNATIVES}`,
  };
}

/** The pool a test NIC's address comes from: the chosen network's, or for a created network the replica's it copies. */
function testPool(estate: Estate, target: Site, resolved: ReturnType<typeof resolveTestNetwork>, nicNetworkId: string, poolName: string | null): IpPool | undefined {
  if (poolName === null) return undefined;
  if (resolved.kind === 'vm-existing') return resolved.network.pools.find((pool) => pool.name === poolName);
  const replica = mappedNetwork(estate, nicNetworkId, target);
  return replica?.kind === 'vm' ? replica.network.pools.find((pool) => pool.name === poolName) : undefined;
}

function toTest(estate: Estate, item: ProtectedItem, nic: Nic, target: Site, choice: OperationRequest['testNetwork'], testTaken: Set<string>): IpPlanEntry {
  const resolved = resolveTestNetwork(estate, target, choice ?? DEFAULT_TEST_NETWORK);
  const outcome = testNicOutcome(estate, target, resolved, nic.networkId);
  const base = { ...entryBase(item, nic), partialSubnet: false };
  switch (outcome.kind) {
    case 'not-connected':
      return { ...base, targetNetworkId: null, address: 'none', ip: null, poolName: null, ok: true, reason: 'The test machine is connected to no network; connect it after it is created.' };
    case 'azure':
      return toAzure(item, nic, outcome.network.id, outcome.network.subnets.map((s) => s.prefix), null);
    case 'conflict':
      return { ...base, targetNetworkId: null, address: 'none', ip: null, poolName: null, ok: false, reason: outcome.reason };
    case 'allocated': {
      const targetNetworkId = resolved.kind === 'vm-existing' ? resolved.network.id : null;
      const { allocation } = outcome;
      // The test copies are alone in the test network: each takes the next address of its pool, in plan order.
      const pool = allocation.ok && allocation.address === 'pool' ? testPool(estate, target, resolved, nic.networkId, allocation.poolName) : undefined;
      const expected = pool ? nextFromPool(pool, testTaken) : null;
      const reason = expected ? `${allocation.reason.replace(/\.$/, '')}: the test machine gets ${expected}.` : allocation.reason;
      return { ...base, targetNetworkId, address: allocation.address, ip: null, poolName: allocation.poolName, ok: allocation.ok, reason, ...(expected ? { expectedIp: expected } : {}) };
    }
  }
}

/** Entries for the members that move, given a settled direction. */
export function planAddresses(estate: Estate, request: OperationRequest, movers: readonly ProtectedItem[], source: Site, target: Site): IpPlanEntry[] {
  const entries: IpPlanEntry[] = [];
  const view: SubnetView = { occupants: subnetOccupants(estate, source.id), moving: new Set(movers.map((item) => item.id)) };
  const placement: Placement = { view, taken: takenAddresses(estate) };
  const testTaken = new Set<string>();
  for (const item of movers) {
    for (const nic of item.nics) {
      if (request.operation === 'test-failover') entries.push(toTest(estate, item, nic, target, request.testNetwork, testTaken));
      else if (target.kind === 'azure') {
        const mapped = mappedNetwork(estate, nic.networkId, target);
        const subnets = mapped?.kind === 'azure' ? mapped.network.subnets.map((s) => s.prefix) : [];
        entries.push(toAzure(item, nic, mapped?.network.id ?? null, subnets, placement));
      } else entries.push(toSite(estate, item, nic, target, placement));
    }
  }
  return entries;
}

/** R12/R13: the IP plan of a failover operation (test, planned, unplanned, failback). */
export function ipPlan(estate: Estate, request: OperationRequest): IpPlanEntry[] {
  if (!FAILOVER_OPERATIONS.has(request.operation)) {
    throw new AppError('INVALID_INPUT', `An IP plan exists only for a failover, not for ${request.operation}.`);
  }
  const scope = resolveScope(estate, request.scope);
  const outcome = resolveDirectionFor(estate, scope, request.direction);
  if (!outcome.direction) throw new AppError('INVALID_INPUT', outcome.problem ?? 'The direction is ambiguous: choose it.');
  const { movers } = directionChecks(estate, scope, outcome);
  return planAddresses(estate, request, movers, findSite(estate, outcome.direction.sourceSiteId), findSite(estate, outcome.direction.targetSiteId));
}

/** Pre-flight verdicts from an IP plan. Test-network allocation failures come from R11/R12's network checks instead. */
export function ipPlanChecks(estate: Estate, entries: readonly IpPlanEntry[], target: Site, includeAllocation: boolean): Check[] {
  const checks: Check[] = [];
  const items = new Map(estate.items.map((i) => [i.id, i]));
  for (const entry of entries) {
    const item = items.get(entry.itemId);
    if (!item) continue;
    const subject = nicSubject(item, entry.nicId);
    if (!entry.ok) {
      if (includeAllocation) checks.push(check('R12', 'fail', subject, entry.reason));
      continue;
    }
    if (entry.partialSubnet) checks.push(check('R13', 'warn', subject, entry.reason));
    else if (entry.address === 'retained' || entry.address === 'configured') checks.push(check('R13', 'pass', subject, entry.reason));
    if (includeAllocation && entry.poolName !== null && target.kind === 'vmm') {
      const source = findNetworkOrNull(estate, entry.sourceNetworkId);
      if (source?.kind === 'vm' && source.site.kind === 'vmm' && source.network.addressing === 'static-pool' && source.network.pools.length === 0) {
        checks.push(check('R12', 'warn', subject, `${source.network.name} on ${source.site.name} has no static IP pool while its replica network has one: create the pool on both VMM servers so protection and recovery allocate alike.`));
      }
    }
    if (entry.publicIp) {
      checks.push(
        target.kind === 'azure'
          ? check('R13', 'warn', subject, `The public IP ${entry.publicIp} is not retained in Azure: point public DNS (or Traffic Manager) at the new public address.`)
          : check('R13', 'warn', subject, `The public IP ${entry.publicIp} is retained at ${target.name} only if your ISP supports it: confirm with the ISP or update public DNS.`),
      );
    }
  }
  return checks;
}
