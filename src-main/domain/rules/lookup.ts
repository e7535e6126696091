// Lookups shared by the rules. An id that names nothing in the estate is a typed NOT_FOUND error naming
// it (docs/decisions.md "Unknown references"): pre-flight cannot judge an operation on something absent.
import { AppError } from '../../contract/errors.ts';
import type { AzureVirtualNetwork, Estate, Host, ProtectedItem, RecoveryPlan, Site, VmNetwork } from '../model/estate.ts';
import type { CheckSubject, OperationScope } from '../model/operation.ts';
import { itemSubject, planSubject } from './check.ts';

export function findSite(estate: Estate, siteId: string): Site {
  const site = estate.sites.find((s) => s.id === siteId);
  if (!site) throw new AppError('NOT_FOUND', `There is no site "${siteId}" in the estate.`);
  return site;
}

export function findItem(estate: Estate, itemId: string): ProtectedItem {
  const item = estate.items.find((i) => i.id === itemId);
  if (!item) throw new AppError('NOT_FOUND', `There is no protected item "${itemId}" in the estate.`);
  return item;
}

export function findPlan(estate: Estate, planId: string): RecoveryPlan {
  const plan = estate.plans.find((p) => p.id === planId);
  if (!plan) throw new AppError('NOT_FOUND', `There is no recovery plan "${planId}" in the estate.`);
  return plan;
}

export function findHost(estate: Estate, hostId: string): { site: Site; host: Host } {
  for (const site of estate.sites) {
    const host = site.hosts.find((h) => h.id === hostId);
    if (host) return { site, host };
  }
  throw new AppError('NOT_FOUND', `There is no host "${hostId}" in the estate.`);
}

export function findHostOrNull(estate: Estate, hostId: string | undefined): Host | null {
  if (hostId === undefined) return null;
  return estate.sites.flatMap((s) => s.hosts).find((h) => h.id === hostId) ?? null;
}

export type NetworkRef = { site: Site; kind: 'vm'; network: VmNetwork } | { site: Site; kind: 'azure'; network: AzureVirtualNetwork };

export function findNetworkOrNull(estate: Estate, networkId: string): NetworkRef | null {
  for (const site of estate.sites) {
    const network = site.networks.find((n) => n.id === networkId);
    if (network) return { site, kind: 'vm', network };
    const azure = site.azureNetworks.find((n) => n.id === networkId);
    if (azure) return { site, kind: 'azure', network: azure };
  }
  return null;
}

export function findNetwork(estate: Estate, networkId: string): NetworkRef {
  const found = findNetworkOrNull(estate, networkId);
  if (!found) throw new AppError('NOT_FOUND', `There is no network "${networkId}" in the estate.`);
  return found;
}

/** The network a source network is mapped to on a given site (network mappings are source → target). */
export function mappedNetwork(estate: Estate, sourceNetworkId: string, targetSite: Site): NetworkRef | null {
  if (targetSite.networks.some((n) => n.id === sourceNetworkId)) return findNetworkOrNull(estate, sourceNetworkId);
  for (const mapping of estate.networkMappings) {
    if (mapping.sourceNetworkId !== sourceNetworkId) continue;
    const target = findNetworkOrNull(estate, mapping.targetNetworkId);
    if (target && target.site.id === targetSite.id) return target;
  }
  // Failing back: the NIC's network is on the primary site and the machine runs on its replica.
  for (const mapping of estate.networkMappings) {
    if (mapping.targetNetworkId !== sourceNetworkId) continue;
    const original = findNetworkOrNull(estate, mapping.sourceNetworkId);
    if (original && original.site.id === targetSite.id) return original;
  }
  return null;
}

/** What an operation is about: one plan's members (in group order) or one item. */
export interface Scope {
  plan: RecoveryPlan | null;
  items: ProtectedItem[];
  subject: CheckSubject;
}

export function resolveScope(estate: Estate, scope: OperationScope): Scope {
  if ('planId' in scope) {
    const plan = findPlan(estate, scope.planId);
    const byId = new Map(estate.items.map((item) => [item.id, item]));
    const items = plan.groups.flatMap((group) =>
      group.members.map((member) => {
        const item = byId.get(member);
        if (!item) throw new AppError('NOT_FOUND', `There is no protected item "${member}" in the estate.`);
        return item;
      }),
    );
    return { plan, items, subject: planSubject(plan) };
  }
  const item = findItem(estate, scope.itemId);
  return { plan: null, items: [item], subject: itemSubject(item) };
}
