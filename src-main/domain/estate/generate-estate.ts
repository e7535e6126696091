// Generated estates for the crash test, the property tests and the benchmark: N machines protected from a
// primary VMM site to a secondary one, in one recovery plan of G groups. Times are relative ("-2d"), as in
// the lab file, so the document is resolved like it.
export interface GeneratedEstateOptions {
  machines: number;
  groups: number;
  planId?: string;
  /** Extra plan with AD/DNS in Group 1 for R18 tests. */
  infrastructureFirst?: boolean;
}

export function generateEstate(options: GeneratedEstateOptions): Record<string, unknown> {
  const planId = options.planId ?? 'plan-gen';
  const hosts = (prefix: string) => [1, 2, 3, 4].map((n) => ({ id: `${prefix}-${n}`, name: `${prefix.toUpperCase()}-${n}`, virtualSwitches: ['External'] }));
  const network = (id: string) => ({
    id,
    name: id,
    isolation: 'vlan',
    addressing: 'static-pool',
    pools: [{ name: `${id}-pool`, subnet: '10.20.0.0/16', start: '10.20.1.1', end: '10.20.250.250', dnsServers: [] }],
    logicalNetwork: 'LN-Gen',
    vlanId: 20,
    subnets: ['10.20.0.0/16'],
    isolatedFromProduction: false,
  });
  const items = Array.from({ length: options.machines }, (_, index) => {
    const n = index + 1;
    const infrastructure = options.infrastructureFirst && n === 1;
    return {
      id: `vm-${String(n).padStart(4, '0')}`,
      name: `VM-${String(n).padStart(4, '0')}`,
      kind: 'vm',
      roles: infrastructure ? ['ad', 'dns'] : ['app'],
      primarySiteId: 'gen-primary',
      recoverySiteId: 'gen-secondary',
      activeSiteId: 'gen-primary',
      hostId: `gp-${(index % 4) + 1}`,
      recoveryHostId: `gs-${(index % 4) + 1}`,
      powerState: 'running',
      replication: { state: 'protected', initialProgress: 100, frequencySeconds: 300, initialMethod: 'over-network' },
      nics: [{ id: `nic-${n}`, networkId: 'gen-p-net', subnet: '10.20.0.0/16', addressing: 'dhcp' }],
      sanPolicy: 'on',
      diskGb: 40 + (n % 5) * 20,
    };
  });
  const perGroup = Math.ceil(options.machines / options.groups);
  const groups = Array.from({ length: options.groups }, (_, g) => ({
    id: `g${g + 1}`,
    name: `Group ${g + 1}`,
    members: items.slice(g * perGroup, (g + 1) * perGroup).map((item) => item.id),
    before: [],
    after: [],
  })).filter((group) => group.members.length > 0);
  return {
    name: `Generated estate (${options.machines} machines, ${options.groups} groups)`,
    sites: [
      { id: 'gen-primary', name: 'Generated primary', kind: 'vmm', role: 'primary', reachable: true, vmmServer: 'vmm-gp', hosts: hosts('gp'), networks: [network('gen-p-net')] },
      { id: 'gen-secondary', name: 'Generated secondary', kind: 'vmm', role: 'secondary', reachable: true, vmmServer: 'vmm-gs', hosts: hosts('gs'), networks: [network('gen-s-net')] },
    ],
    networkMappings: [{ sourceNetworkId: 'gen-p-net', targetNetworkId: 'gen-s-net' }],
    items,
    plans: [{ id: planId, name: 'Generated plan', description: 'Generated for tests and benchmarks.', sourceSiteId: 'gen-primary', targetSiteId: 'gen-secondary', groups }],
  };
}
