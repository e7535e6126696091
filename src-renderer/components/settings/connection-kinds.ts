import type { ConnectionKind } from '../../../src-main/contract/connections.ts';

/** What each connection kind reaches, in the operator's words. */
export const CONNECTION_KIND_LABELS: Record<ConnectionKind, string> = {
  vmm: 'VMM server',
  hyperv: 'Hyper-V host',
  vmware: 'VMware vCenter',
  physical: 'Process server (physical)',
  azure: 'Azure subscription',
};
