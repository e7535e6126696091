// R1: which failover types each direction supports (reference, "Overview", second table).
import type { Site } from '../model/estate.ts';

export const DIRECTION_KEYS = [
  'vmm-primary->vmm-secondary',
  'vmm-secondary->vmm-primary',
  'vmm-cloud->vmm-cloud',
  'vmm->azure',
  'azure->vmm',
  'hyperv->azure',
  'azure->hyperv',
  'vmware->azure',
  'physical->azure',
] as const;
export type DirectionKey = (typeof DIRECTION_KEYS)[number];

/** `single-failover`: continuous replication, one Failover operation with no planned/unplanned distinction. */
export type Support = 'supported' | 'unsupported' | 'single-failover';
export type FailoverType = 'test' | 'planned' | 'unplanned';
export type SupportMatrix = Record<DirectionKey, Record<FailoverType, Support>>;

const ALL: Record<FailoverType, Support> = { test: 'supported', planned: 'supported', unplanned: 'supported' };
const PLANNED_ONLY: Record<FailoverType, Support> = { test: 'unsupported', planned: 'supported', unplanned: 'unsupported' };
const CONTINUOUS: Record<FailoverType, Support> = { test: 'unsupported', planned: 'single-failover', unplanned: 'single-failover' };

const MATRIX: SupportMatrix = {
  'vmm-primary->vmm-secondary': ALL,
  'vmm-secondary->vmm-primary': ALL,
  'vmm-cloud->vmm-cloud': ALL,
  'vmm->azure': ALL,
  'azure->vmm': PLANNED_ONLY,
  'hyperv->azure': ALL,
  'azure->hyperv': PLANNED_ONLY,
  'vmware->azure': CONTINUOUS,
  'physical->azure': CONTINUOUS,
};

/** R1: the matrix, a fresh copy each call so no caller can alter the rule. */
export function supportMatrix(): SupportMatrix {
  return Object.fromEntries(DIRECTION_KEYS.map((key) => [key, { ...MATRIX[key] }])) as SupportMatrix;
}

export function supportFor(key: DirectionKey, type: FailoverType): Support {
  return MATRIX[key][type];
}

/** R1: the matrix row for a failover from one site to another, or null when the reference has no such direction. */
export function directionKey(source: Site, target: Site): DirectionKey | null {
  if (source.kind === 'vmm' && target.kind === 'vmm') {
    // One VMM server protecting between its own clouds is the "Cloud to Cloud" row.
    if (source.id === target.id) return 'vmm-cloud->vmm-cloud';
    return source.role === 'secondary' ? 'vmm-secondary->vmm-primary' : 'vmm-primary->vmm-secondary';
  }
  if (target.kind === 'azure' && source.kind !== 'azure') return `${source.kind}->azure`;
  if (source.kind === 'azure' && (target.kind === 'vmm' || target.kind === 'hyperv')) return `azure->${target.kind}`;
  return null;
}

export const DIRECTION_LABELS: Record<DirectionKey, string> = {
  'vmm-primary->vmm-secondary': 'Primary VMM site to Secondary VMM site',
  'vmm-secondary->vmm-primary': 'Secondary VMM site to Primary VMM site',
  'vmm-cloud->vmm-cloud': 'Cloud to Cloud (single VMM server)',
  'vmm->azure': 'VMM site to Azure',
  'azure->vmm': 'Azure to VMM site',
  'hyperv->azure': 'Hyper-V site to Azure',
  'azure->hyperv': 'Azure to Hyper-V site',
  'vmware->azure': 'VMware site to Azure',
  'physical->azure': 'Physical server to Azure',
};

/** R1: continuous replication (VMware, physical → Azure) has one Failover: planned and unplanned are the same operation. */
export function isSingleFailover(key: DirectionKey | null): boolean {
  return key !== null && MATRIX[key].planned === 'single-failover';
}
