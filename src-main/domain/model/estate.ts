// The DR estate: sites, their hosts, clouds and networks, the protected machines and the recovery plans.
// One zod schema is both the validator for estate files and the source of the TypeScript types.
// Pure data: no I/O here, so the renderer may import these types too.
import { z } from 'zod';
import { OpaqueId } from './opaque-id.ts';
import { OperationKind } from './operation.ts';

const id = OpaqueId;
const name = z.string().min(1).max(120);

/**
 * Bounds that fit a real estate with room to spare, so that no document crossing IPC is unbounded
 * (docs/decisions.md "Bounds on every document that crosses IPC"). The lab and the 2,000-machine benchmarks sit far below them.
 */
export const ESTATE_LIMITS = { sites: 100, items: 10_000, plans: 1_000, groupsPerPlan: 500, actionsPerGroup: 200 } as const;
const ipv4 = z.ipv4();
const cidr = z.cidrv4();

export const SITE_KINDS = ['vmm', 'hyperv', 'vmware', 'physical', 'azure'] as const;
export const SiteKind = z.enum(SITE_KINDS);
export type SiteKind = z.infer<typeof SiteKind>;

export const Host = z.strictObject({
  id,
  name,
  /** Hyper-V virtual switches on this host; R16 needs one named like the original host's. */
  virtualSwitches: z.array(z.string().min(1).max(120)).max(64),
});
export type Host = z.infer<typeof Host>;

export const CloudEncryption = z.strictObject({
  enabled: z.boolean(),
  /** SHA-1 thumbprint (upper-case hex) of the certificate issued when the provider was installed (R4). */
  expectedThumbprint: z.string().regex(/^[0-9A-F]{40}$/).optional(),
});

export const Cloud = z.strictObject({
  id,
  name,
  encryption: CloudEncryption.optional(),
});
export type Cloud = z.infer<typeof Cloud>;

export const IpPool = z.strictObject({
  name,
  subnet: cidr,
  start: ipv4,
  end: ipv4,
  gateway: ipv4.optional(),
  dnsServers: z.array(ipv4).max(16).default([]),
});
export type IpPool = z.infer<typeof IpPool>;

export const NETWORK_ISOLATIONS = ['none', 'vlan', 'wnv'] as const;
export const NetworkIsolation = z.enum(NETWORK_ISOLATIONS);
export type NetworkIsolation = z.infer<typeof NetworkIsolation>;

/** A VMM/Hyper-V VM network (site side). */
export const VmNetwork = z.strictObject({
  id,
  name,
  isolation: NetworkIsolation,
  addressing: z.enum(['dhcp', 'static-pool']),
  pools: z.array(IpPool).max(100).default([]),
  logicalNetwork: name,
  vlanId: z.number().int().min(1).max(4094).optional(),
  subnets: z.array(cidr).max(1_000).default([]),
  isolatedFromProduction: z.boolean(),
});
export type VmNetwork = z.infer<typeof VmNetwork>;

export const AzureSubnet = z.strictObject({ name, prefix: cidr });
export const AzureVirtualNetwork = z.strictObject({
  id,
  name,
  addressSpace: z.array(cidr).min(1).max(64),
  subnets: z.array(AzureSubnet).min(1).max(1_000),
  dnsServers: z.array(ipv4).max(16).default([]),
  isolatedFromProduction: z.boolean(),
});
export type AzureVirtualNetwork = z.infer<typeof AzureVirtualNetwork>;

export const Site = z.strictObject({
  id,
  name,
  kind: SiteKind,
  /** Where the site sits in the DR topology; the R1 matrix keys VMM directions on it. */
  role: z.enum(['primary', 'secondary', 'cloud']),
  location: z.string().max(120).default(''),
  reachable: z.boolean(),
  /** The VMM server managing the site, where there is one (R12: pools on both VMM servers). */
  vmmServer: z.string().max(255).optional(),
  hosts: z.array(Host).max(1_000).default([]),
  clouds: z.array(Cloud).max(500).default([]),
  networks: z.array(VmNetwork).max(2_000).default([]),
  azureNetworks: z.array(AzureVirtualNetwork).max(1_000).default([]),
});
export type Site = z.infer<typeof Site>;

export const NetworkMapping = z.strictObject({
  sourceNetworkId: id,
  targetNetworkId: id,
});
export type NetworkMapping = z.infer<typeof NetworkMapping>;

export const ROLES = ['ad', 'dns', 'dhcp', 'sql', 'web', 'app', 'file'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const REPLICATION_STATES = ['initial-replication', 'protected', 'resynchronizing', 'not-protected'] as const;
export const ReplicationState = z.enum(REPLICATION_STATES);
export type ReplicationState = z.infer<typeof ReplicationState>;

export const RecoveryPoint = z.strictObject({
  id,
  time: z.iso.datetime(),
  consistency: z.enum(['crash', 'app']),
});
export type RecoveryPoint = z.infer<typeof RecoveryPoint>;

export const Nic = z.strictObject({
  id,
  networkId: id,
  subnet: cidr,
  ip: ipv4.optional(),
  addressing: z.enum(['static', 'dhcp']),
  /** The address configured for the machine in Azure (R13); absent = Azure assigns one. */
  targetIp: ipv4.optional(),
  publicIp: ipv4.optional(),
});
export type Nic = z.infer<typeof Nic>;

/** Where a machine stands in a failover cycle. */
export const FAILOVER_STATES = ['none', 'commit-pending', 'committed'] as const;

export const ProtectedItem = z.strictObject({
  id,
  name,
  kind: z.enum(['vm', 'physical']),
  os: z.string().max(80).default('Windows Server 2012 R2'),
  roles: z.array(Role).max(ROLES.length).default([]),
  /** The site it is protected from and the one it replicates to. */
  primarySiteId: id,
  recoverySiteId: id,
  /** The site where the machine runs now (its active location). */
  activeSiteId: id,
  hostId: id.optional(),
  cloudId: id.optional(),
  recoveryHostId: id.optional(),
  recoveryCloudId: id.optional(),
  powerState: z.enum(['running', 'off']),
  replication: z.strictObject({
    state: ReplicationState,
    /** 0–100 while in initial replication. */
    initialProgress: z.number().min(0).max(100).default(100),
    frequencySeconds: z.union([z.literal(30), z.literal(300), z.literal(900)]),
    initialMethod: z.enum(['over-network', 'offline']),
  }),
  recoveryPoints: z.array(RecoveryPoint).max(10_000).default([]),
  failoverState: z.enum(FAILOVER_STATES).default('none'),
  /**
   * The machine's last failover: R9 picks delta or full reverse replication by its type, R15 recommends a
   * failback mode by the time spent since.
   */
  lastFailover: z
    .strictObject({
      type: z.enum(['planned', 'unplanned']),
      at: z.iso.datetime(),
      fromSiteId: id,
      toSiteId: id,
      /** The recovery point the replica runs from (R7: latest by default, changeable until commit). */
      recoveryPointId: id.optional(),
    })
    .optional(),
  nics: z.array(Nic).max(32).default([]),
  sanPolicy: z.enum(['on', 'off']),
  diskGb: z.number().positive().default(64),
});
export type ProtectedItem = z.infer<typeof ProtectedItem>;

/**
 * The failover directions an action runs in, as recovery plans scope them: `primary-to-recovery` when the plan
 * fails over from its source site, `recovery-to-primary` when it comes back. Absent: both.
 */
export const ACTION_DIRECTIONS = ['primary-to-recovery', 'recovery-to-primary'] as const;
export const ActionDirection = z.enum(ACTION_DIRECTIONS);
export type ActionDirection = z.infer<typeof ActionDirection>;

export const ManualAction = z.strictObject({
  id,
  kind: z.literal('manual'),
  title: name,
  instructions: z.string().max(20_000),
  /** The operations this action runs in; absent: every operation (see plan-actions.ts). */
  runOn: z.array(OperationKind).min(1).max(10).optional(),
  directions: z.array(ActionDirection).min(1).max(2).optional(),
});
export const ScriptAction = z.strictObject({
  id,
  kind: z.literal('script'),
  title: name,
  /** A local command, run by the console's host with a timeout; a non-zero exit fails the step. */
  command: z.string().min(1).max(4_000),
  timeoutSeconds: z.number().int().min(1).max(3_600).default(300),
  /** The operations this script runs in; absent: every one but a test failover (R10, plan-actions.ts). */
  runOn: z.array(OperationKind).min(1).max(10).optional(),
  directions: z.array(ActionDirection).min(1).max(2).optional(),
});
export const PlanAction = z.discriminatedUnion('kind', [ManualAction, ScriptAction]);
export type PlanAction = z.infer<typeof PlanAction>;

export const PlanGroup = z.strictObject({
  id,
  name,
  members: z.array(id).max(ESTATE_LIMITS.items),
  before: z.array(PlanAction).max(ESTATE_LIMITS.actionsPerGroup).default([]),
  after: z.array(PlanAction).max(ESTATE_LIMITS.actionsPerGroup).default([]),
});
export type PlanGroup = z.infer<typeof PlanGroup>;

export const RecoveryPlan = z.strictObject({
  id,
  name,
  description: z.string().max(2_000).default(''),
  sourceSiteId: id,
  targetSiteId: id,
  groups: z.array(PlanGroup).min(1).max(ESTATE_LIMITS.groupsPerPlan),
  /** How many of a group's machines fail over at once; absent, all of them (domain/fabric/concurrency.ts). */
  maxParallelPerGroup: z.number().int().min(1).max(ESTATE_LIMITS.items).optional(),
});
export type RecoveryPlan = z.infer<typeof RecoveryPlan>;

export const Estate = z.strictObject({
  name,
  sites: z.array(Site).min(1).max(ESTATE_LIMITS.sites),
  networkMappings: z.array(NetworkMapping).max(10_000).default([]),
  items: z.array(ProtectedItem).max(ESTATE_LIMITS.items),
  plans: z.array(RecoveryPlan).max(ESTATE_LIMITS.plans),
});
export type Estate = z.infer<typeof Estate>;
