import { describe, expect, it } from 'vitest';
import type { Site } from '../model/estate.ts';
import { DIRECTION_KEYS, directionKey, supportMatrix, type DirectionKey, type Support } from './support-matrix.ts';

// The reference's second table ("Overview"), rows copied verbatim.
const REFERENCE_ROWS = `
Primary VMM site to Secondary VMM site | Supported | Supported | Supported 
Secondary VMM site to Primary VMM site | Supported | Supported | Supported
Cloud to Cloud (single VMM server) |  Supported | Supported | Supported
VMM site to Azure | Supported | Supported | Supported 
Azure to VMM site | Unsupported | Supported | Unsupported 
Hyper-V site to Azure | Supported | Supported | Supported
Azure to Hyper-V site | Unsupported | Supported | Unsupported
VMware site to Azure | Unsupported |This scenario uses continuous replication so there's no distinction between planned and unplanned failover. You select **Failover** | NA
Physical server to Azure | Not supported | This scenario uses continuous replication so there's no distinction between planned and unplanned failover. You select **Failover** | NA
`;

const KEY_OF_LABEL: Record<string, DirectionKey> = {
  'Primary VMM site to Secondary VMM site': 'vmm-primary->vmm-secondary',
  'Secondary VMM site to Primary VMM site': 'vmm-secondary->vmm-primary',
  'Cloud to Cloud (single VMM server)': 'vmm-cloud->vmm-cloud',
  'VMM site to Azure': 'vmm->azure',
  'Azure to VMM site': 'azure->vmm',
  'Hyper-V site to Azure': 'hyperv->azure',
  'Azure to Hyper-V site': 'azure->hyperv',
  'VMware site to Azure': 'vmware->azure',
  'Physical server to Azure': 'physical->azure',
};

/** Reads one cell the way the reference means it; "NA" after a continuous-replication cell is that same single Failover. */
function readCell(cell: string, previous: Support | null): Support {
  if (/^supported$/i.test(cell)) return 'supported';
  if (/^(unsupported|not supported)$/i.test(cell)) return 'unsupported';
  if (/continuous replication/i.test(cell)) return 'single-failover';
  if (cell === 'NA' && previous === 'single-failover') return 'single-failover';
  throw new Error(`unreadable cell "${cell}"`);
}

const rows = REFERENCE_ROWS.trim().split('\n').map((line) => line.split('|').map((cell) => cell.trim()));

describe('R1 support matrix', () => {
  it('R1: has exactly the nine directions of the reference table', () => {
    expect(rows.map(([label]) => KEY_OF_LABEL[label ?? ''])).toEqual([...DIRECTION_KEYS]);
  });

  it.each(rows)('R1: %s matches the reference row verbatim', (label, test, planned, unplanned) => {
    const key = KEY_OF_LABEL[label];
    expect(key, `no key for "${label}"`).toBeDefined();
    const plannedSupport = readCell(planned ?? '', null);
    expect(supportMatrix()[key as DirectionKey]).toEqual({
      test: readCell(test ?? '', null),
      planned: plannedSupport,
      unplanned: readCell(unplanned ?? '', plannedSupport),
    });
  });

  it('R1: callers cannot alter the matrix', () => {
    const copy = supportMatrix();
    copy['azure->vmm'].test = 'supported';
    expect(supportMatrix()['azure->vmm'].test).toBe('unsupported');
  });
});

describe('R1 direction keys from site kinds and roles', () => {
  const site = (id: string, kind: Site['kind'], role: Site['role']): Site => ({
    id, name: id, kind, role, location: '', reachable: true, hosts: [], clouds: [], networks: [], azureNetworks: [],
  });
  const primary = site('p', 'vmm', 'primary');
  const secondary = site('s', 'vmm', 'secondary');
  const azure = site('a', 'azure', 'cloud');

  it.each([
    [primary, secondary, 'vmm-primary->vmm-secondary'],
    [secondary, primary, 'vmm-secondary->vmm-primary'],
    [primary, primary, 'vmm-cloud->vmm-cloud'],
    [primary, azure, 'vmm->azure'],
    [azure, primary, 'azure->vmm'],
    [site('h', 'hyperv', 'primary'), azure, 'hyperv->azure'],
    [azure, site('h', 'hyperv', 'primary'), 'azure->hyperv'],
    [site('v', 'vmware', 'primary'), azure, 'vmware->azure'],
    [site('x', 'physical', 'primary'), azure, 'physical->azure'],
  ] as const)('R1: %s → %s is the row %s', (source, target, key) => {
    expect(directionKey(source, target)).toBe(key);
  });

  it('R1: directions the reference does not list have no row (failback to VMware, Azure to Azure)', () => {
    expect(directionKey(azure, site('v', 'vmware', 'primary'))).toBeNull();
    expect(directionKey(azure, azure)).toBeNull();
    expect(directionKey(site('h', 'hyperv', 'primary'), primary)).toBeNull();
  });
});
