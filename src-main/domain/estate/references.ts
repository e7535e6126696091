import type { Estate } from '../model/estate.ts';

/** Every id an estate refers to must exist; returns one readable sentence per broken reference. */
export function findBrokenReferences(estate: Estate): string[] {
  const problems: string[] = [];
  const siteIds = new Set(estate.sites.map((s) => s.id));
  const networkIds = new Set(
    estate.sites.flatMap((s) => [...s.networks.map((n) => n.id), ...s.azureNetworks.map((n) => n.id)]),
  );
  const hostIds = new Set(estate.sites.flatMap((s) => s.hosts.map((h) => h.id)));
  const cloudIds = new Set(estate.sites.flatMap((s) => s.clouds.map((c) => c.id)));
  const itemIds = new Set<string>();

  const unique = (kind: string, ids: string[]): void => {
    const seen = new Set<string>();
    for (const value of ids) {
      if (seen.has(value)) problems.push(`${kind} id "${value}" is used more than once`);
      seen.add(value);
    }
  };
  unique('site', estate.sites.map((s) => s.id));
  unique('network', estate.sites.flatMap((s) => [...s.networks, ...s.azureNetworks].map((n) => n.id)));
  unique('host', estate.sites.flatMap((s) => s.hosts.map((h) => h.id)));
  unique('item', estate.items.map((i) => i.id));
  unique('plan', estate.plans.map((p) => p.id));

  for (const mapping of estate.networkMappings) {
    for (const ref of [mapping.sourceNetworkId, mapping.targetNetworkId]) {
      if (!networkIds.has(ref)) problems.push(`network mapping refers to unknown network "${ref}"`);
    }
  }
  for (const item of estate.items) {
    itemIds.add(item.id);
    for (const [field, ref] of [
      ['primarySiteId', item.primarySiteId],
      ['recoverySiteId', item.recoverySiteId],
      ['activeSiteId', item.activeSiteId],
    ] as const) {
      if (!siteIds.has(ref)) problems.push(`item "${item.id}" ${field} refers to unknown site "${ref}"`);
    }
    for (const [field, ref] of [
      ['hostId', item.hostId],
      ['recoveryHostId', item.recoveryHostId],
    ] as const) {
      if (ref !== undefined && !hostIds.has(ref)) problems.push(`item "${item.id}" ${field} refers to unknown host "${ref}"`);
    }
    for (const [field, ref] of [
      ['cloudId', item.cloudId],
      ['recoveryCloudId', item.recoveryCloudId],
    ] as const) {
      if (ref !== undefined && !cloudIds.has(ref)) problems.push(`item "${item.id}" ${field} refers to unknown cloud "${ref}"`);
    }
    for (const nic of item.nics) {
      if (!networkIds.has(nic.networkId)) problems.push(`NIC "${nic.id}" of "${item.id}" refers to unknown network "${nic.networkId}"`);
    }
  }
  for (const plan of estate.plans) {
    for (const ref of [plan.sourceSiteId, plan.targetSiteId]) {
      if (!siteIds.has(ref)) problems.push(`plan "${plan.id}" refers to unknown site "${ref}"`);
    }
    const inPlan = new Set<string>();
    for (const group of plan.groups) {
      for (const member of group.members) {
        if (!itemIds.has(member)) problems.push(`plan "${plan.id}" ${group.name} refers to unknown item "${member}"`);
        if (inPlan.has(member)) problems.push(`plan "${plan.id}" lists item "${member}" in more than one group`);
        inPlan.add(member);
      }
    }
  }
  return problems;
}
