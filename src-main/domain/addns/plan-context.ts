// What wizard 5 and `scripts checklist` need to know about a plan: its groups and members with roles and
// test addresses, the AD/DNS machines of its source site, and suggested answers drawn from the estate.
import type { Estate, ProtectedItem, RecoveryPlan } from '../model/estate.ts';
import type { AddressingMode, TargetKind, Topology } from './checklist.ts';
import { ipPlanTestAddresses, type TestAddress, type TestAddressSource } from './test-addresses.ts';
import { validateDnsName } from './validate.ts';

export interface ScriptsMachine {
  id: string;
  name: string;
  roles: string[];
  addresses: TestAddress[];
  addressing: 'static' | 'dhcp' | 'mixed';
}

export interface ScriptsPlanGroup {
  id: string;
  name: string;
  members: ScriptsMachine[];
  before: { id: string; kind: 'manual' | 'script'; title: string }[];
}

export interface ScriptsSuggestions {
  zone: string | null;
  topology: Topology;
  dnsServerName: string | null;
  dnsServerIp: string | null;
  adServerName: string | null;
  addressing: AddressingMode;
  /** Members with a static test address: their records need updating. */
  machineIds: string[];
}

export interface ScriptsPlanContext {
  id: string;
  name: string;
  target: TargetKind;
  sourceSiteName: string;
  targetSiteName: string;
  groups: ScriptsPlanGroup[];
  /** AD and DNS machines protected from the plan's source (or target) site: candidates for the test DNS server. */
  infrastructure: ScriptsMachine[];
  suggestions: ScriptsSuggestions;
}

function machineOf(estate: Estate, plan: RecoveryPlan, item: ProtectedItem, addressesOf: TestAddressSource): ScriptsMachine {
  const addresses = addressesOf(estate, plan, item);
  const dhcp = item.nics.some((nic) => nic.addressing === 'dhcp');
  return {
    id: item.id,
    name: item.name,
    roles: [...item.roles],
    addresses,
    addressing: dhcp && addresses.length > 0 ? 'mixed' : dhcp ? 'dhcp' : 'static',
  };
}

/** The domain of the source VMM server (vmm01.contoso.local → contoso.local) is the likeliest forest root. */
function suggestZone(estate: Estate, plan: RecoveryPlan): string | null {
  for (const siteId of [plan.sourceSiteId, plan.targetSiteId]) {
    const domain = estate.sites.find((site) => site.id === siteId)?.vmmServer?.split('.').slice(1).join('.');
    if (domain && validateDnsName(domain, 'zone').ok) return domain;
  }
  return null;
}

function suggestAddressing(estate: Estate, members: readonly ProtectedItem[]): AddressingMode {
  const networks = estate.sites.flatMap((site) => site.networks);
  const dhcpNics = members.flatMap((item) => item.nics).filter((nic) => nic.addressing === 'dhcp');
  if (dhcpNics.length === 0) return 'static';
  const onWnv = dhcpNics.some((nic) => networks.find((network) => network.id === nic.networkId)?.isolation === 'wnv');
  return onWnv ? 'wnv-pool' : 'dhcp';
}

export function planContext(estate: Estate, plan: RecoveryPlan, addressesOf: TestAddressSource = ipPlanTestAddresses): ScriptsPlanContext {
  const itemsById = new Map(estate.items.map((item) => [item.id, item]));
  const siteName = (id: string) => estate.sites.find((site) => site.id === id)?.name ?? id;
  const members = plan.groups.flatMap((group) => group.members).map((id) => itemsById.get(id)).filter((item) => item !== undefined);
  // AD/DNS machines protected from either end of the plan, the source's first (a failback plan's domain
  // controllers are protected from its target).
  const protectedFrom = (siteId: string) => estate.items.filter((item) => item.primarySiteId === siteId && (item.roles.includes('ad') || item.roles.includes('dns')));
  const infrastructureItems = [...new Set([...protectedFrom(plan.sourceSiteId), ...protectedFrom(plan.targetSiteId)])];
  const infrastructure = infrastructureItems.map((item) => machineOf(estate, plan, item, addressesOf));
  const dnsMachine = infrastructure.find((item) => item.roles.includes('dns'));
  const adMachine = infrastructure.find((item) => item.roles.includes('ad'));
  const memberMachines = members.map((item) => machineOf(estate, plan, item, addressesOf));
  const targetKind = estate.sites.find((site) => site.id === plan.targetSiteId)?.kind;
  return {
    id: plan.id,
    name: plan.name,
    target: targetKind === 'azure' ? 'azure' : 'secondary-site',
    sourceSiteName: siteName(plan.sourceSiteId),
    targetSiteName: siteName(plan.targetSiteId),
    groups: plan.groups.map((group) => ({
      id: group.id,
      name: group.name,
      members: group.members.map((id) => memberMachines.find((machine) => machine.id === id)).filter((machine) => machine !== undefined),
      before: group.before.map((action) => ({ id: action.id, kind: action.kind, title: action.title })),
    })),
    infrastructure,
    suggestions: {
      zone: suggestZone(estate, plan),
      topology: dnsMachine && adMachine && dnsMachine.id !== adMachine.id ? 'separate-vms' : 'same-vm',
      dnsServerName: dnsMachine?.name ?? null,
      dnsServerIp: dnsMachine?.addresses[0]?.ip ?? null,
      adServerName: adMachine?.name ?? null,
      addressing: suggestAddressing(estate, members),
      machineIds: memberMachines.filter((machine) => machine.addresses.length > 0 && !machine.roles.includes('dns')).map((machine) => machine.id),
    },
  };
}

export function planContexts(estate: Estate, addressesOf: TestAddressSource = ipPlanTestAddresses): ScriptsPlanContext[] {
  return estate.plans.map((plan) => planContext(estate, plan, addressesOf));
}
