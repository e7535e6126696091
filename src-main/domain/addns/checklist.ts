// The AD/DNS preparation checklist for a test failover (R18), built from the reference's
// "Run a test failover from a primary on-premises site to a secondary site" (Prepare Active Directory,
// DHCP, DNS) and, for Azure targets, its "Example". Pure: the same input always gives the same steps.
import { AppError } from '../../contract/errors.ts';
import { required } from './quoting.ts';
import { validateDnsName, validateHostLabel, validateIpv4 } from './validate.ts';
import { DNS_RECORD_FILE_NAME, type DnsRecordUpdate } from './dns-record-script.ts';
import { DNS_ZONE_FILE_NAME } from './dns-zone-script.ts';
import { DSREGDNS_FILE_NAME } from './dsregdns.ts';

export const TOPOLOGIES = ['same-vm', 'separate-vms'] as const;
export type Topology = (typeof TOPOLOGIES)[number];
export const COPY_METHODS = ['hyper-v-replication', 'ad-replication-snapshot', 'export-import-new-guid'] as const;
export type CopyMethod = (typeof COPY_METHODS)[number];
/** How test machines get addresses: a test DHCP server, VMM's WNV static pool acting as DHCP, or static pools. */
export const ADDRESSING_MODES = ['dhcp', 'wnv-pool', 'static'] as const;
export type AddressingMode = (typeof ADDRESSING_MODES)[number];
export const TARGET_KINDS = ['secondary-site', 'azure'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface ChecklistInput {
  planName: string;
  target: TargetKind;
  topology: Topology;
  copyMethod: CopyMethod;
  /** The forest root name: the test zone is named after it. */
  zone: string;
  dnsServer: { name: string; ip: string };
  /** The AD machine's computer name when AD and DNS are on separate machines. */
  adServerName?: string;
  addressing: AddressingMode;
  /** Machines whose A records are set to their test addresses (static addressing). */
  records: readonly DnsRecordUpdate[];
}

export interface ChecklistStep {
  text: string;
  /** A command or a generated file to run for this step. */
  command?: string;
}

export interface ChecklistSection {
  heading: string;
  steps: ChecklistStep[];
}

export interface Checklist {
  title: string;
  summary: string;
  sections: ChecklistSection[];
}

const COPY_METHOD_STEPS: Record<CopyMethod, string[]> = {
  'hyper-v-replication': [
    'Active Directory is protected by Hyper-V replication like the other machines: run a test failover of the Active Directory machine into the test network as well.',
  ],
  'ad-replication-snapshot': [
    'Active Directory is copied to the replica site by Active Directory replication: take a snapshot of the replica Active Directory machine and use that copy for the test failover.',
    'After the test failover is complete, delete the copy of Active Directory.',
  ],
  'export-import-new-guid': [
    'Export the Active Directory machine and import it with a new GUID (copy the virtual machine, generate a new unique ID).',
    'After the test failover is complete, delete the imported copy.',
  ],
};

export const COPY_METHOD_LABELS: Record<CopyMethod, string> = {
  'hyper-v-replication': 'Hyper-V replication',
  'ad-replication-snapshot': 'Active Directory replication + snapshot',
  'export-import-new-guid': 'Export and import with a new GUID',
};

function validated(input: ChecklistInput): ChecklistInput {
  const zone = required(validateDnsName(input.zone, 'The forest root zone'));
  const dnsName = required(validateHostLabel(input.dnsServer.name, 'The DNS server name'));
  const dnsIp = required(validateIpv4(input.dnsServer.ip, 'The DNS server address'));
  const adServerName = input.topology === 'separate-vms' ? required(validateHostLabel(input.adServerName, 'The Active Directory server name')) : undefined;
  const records = input.records.map((record, index) => ({
    name: required(validateDnsName(record.name, `The host name of record ${index + 1}`)),
    ip: required(validateIpv4(record.ip, `The address of record ${index + 1}`)),
  }));
  if (input.addressing === 'static' && records.length === 0) {
    throw new AppError('INVALID_INPUT', 'Static addressing needs at least one machine whose DNS record to update.');
  }
  return { ...input, zone, dnsServer: { name: dnsName, ip: dnsIp }, adServerName, records };
}

function isolationSection(input: ChecklistInput): ChecklistSection {
  const steps: ChecklistStep[] = [
    {
      text: 'The test network must be completely isolated from production. A Windows Network Virtualization test network is isolated by the system only as long as no external gateway is added to it: add none.',
    },
    { text: 'With VLAN-based isolation, confirm that the VM networks created for the test are isolated from the production environment.' },
  ];
  if (input.target === 'secondary-site') {
    steps.push({ text: 'If the test failover uses an existing VM network, prepare Active Directory, DHCP and DNS in that network before starting it.' });
    steps.push({
      text: 'If the test failover creates its VM networks, this step runs before Group 1: add the AD and DNS machines to the automatically created network now, then confirm the step.',
    });
  }
  return { heading: 'Isolate the test network', steps };
}

function activeDirectorySection(input: ChecklistInput): ChecklistSection {
  const dns = input.dnsServer;
  const steps: ChecklistStep[] = COPY_METHOD_STEPS[input.copyMethod].map((text) => ({ text }));
  if (input.topology === 'same-vm') {
    steps.push({
      text: `Active Directory and DNS run on the same machine (${dns.name}): use it as the DNS resource of the test. You may clean up all DNS entries and recreate the required zones.`,
    });
  } else {
    steps.push({
      text: `Active Directory (${input.adServerName ?? ''}) and DNS (${dns.name}) run on separate machines: prepare a fresh DNS server for the test and create every required zone on it.`,
    });
    steps.push({
      text: `Point the resolver of the Active Directory machine ${input.adServerName ?? ''} at the test DNS server ${dns.ip}.`,
      command: `Set-DnsClientServerAddress -InterfaceAlias (Get-NetAdapter | Where-Object Status -eq 'Up' | Select-Object -First 1).Name -ServerAddresses '${dns.ip}'`,
    });
  }
  return { heading: 'Prepare Active Directory', steps };
}

function zoneSection(input: ChecklistInput): ChecklistSection {
  return {
    heading: 'Prepare the test DNS zone (before any other machine of the plan starts)',
    steps: [
      { text: `The zone is named after the forest root: ${input.zone}.` },
      { text: 'The zone is file-backed (a primary zone, not stored in Active Directory).' },
      { text: 'The zone accepts secure and non-secure dynamic updates.' },
      {
        text: `On ${input.dnsServer.name}, create the zone with its own SOA and A (${input.dnsServer.ip}) records and allow updates.`,
        command: DNS_ZONE_FILE_NAME,
      },
      { text: 'On the Active Directory machine, register its records in the test zone.', command: DSREGDNS_FILE_NAME },
    ],
  };
}

function addressingSection(input: ChecklistInput): ChecklistSection {
  const dns = input.dnsServer.ip;
  const steps: ChecklistStep[] = [];
  if (input.addressing === 'dhcp') {
    steps.push({ text: 'The machines use DHCP: create a test DHCP server inside the isolated test network.' });
    steps.push({ text: `Set the test DNS server ${dns} in the test DHCP server's scope options; the machines register themselves in DNS.` });
  } else if (input.addressing === 'wnv-pool') {
    steps.push({
      text: `The test network uses Windows Network Virtualization: the VMM server acts as the DHCP server. Set the test DNS server ${dns} in the static IP address pool used for the test failover; the machines register themselves in DNS.`,
    });
  } else {
    steps.push({ text: `The machines use static addresses: set the test DNS server ${dns} in the static IP address pools used for the test failover.` });
  }
  if (input.records.length > 0) {
    const list = input.records.map((record) => `${record.name} → ${record.ip}`).join(', ');
    steps.push({ text: `Update DNS with the addresses of the test machines (${list}).`, command: DNS_RECORD_FILE_NAME });
  }
  return { heading: 'Prepare DHCP and DNS addressing', steps };
}

function azureSection(input: ChecklistInput): ChecklistSection {
  const machines = input.topology === 'same-vm' ? input.dnsServer.name : `${input.adServerName ?? ''} and ${input.dnsServer.name}`;
  return {
    heading: 'Azure: fail over Active Directory and DNS first',
    steps: [
      { text: `Run a test failover of ${machines} into the Azure virtual network that the application test failover will use.` },
      { text: 'Note the IP addresses allocated to these failed-over machines.' },
      { text: 'Set those addresses as the DNS servers of the Azure virtual network used for the test failover.' },
      { text: 'Then run the test failover of the application machines, choosing that Azure network.' },
    ],
  };
}

function completionSection(input: ChecklistInput): ChecklistSection {
  return {
    heading: 'Complete the test in reverse order (R18)',
    steps: [
      { text: `Complete the test of the application machines of ${input.planName} first.` },
      { text: 'Then complete the test of the Active Directory and DNS machines, and delete any copy of Active Directory made for the test.' },
    ],
  };
}

/** Builds the checklist; throws INVALID_INPUT (with the reason) for any value that is not a DNS name or an address. */
export function buildChecklist(raw: ChecklistInput): Checklist {
  const input = validated(raw);
  const sections = [
    isolationSection(input),
    ...(input.target === 'azure' ? [azureSection(input)] : []),
    activeDirectorySection(input),
    zoneSection(input),
    addressingSection(input),
    completionSection(input),
  ];
  return {
    title: `AD/DNS preparation for a test failover of ${input.planName}`,
    summary: [
      `Forest root zone ${input.zone}`,
      `test DNS server ${input.dnsServer.name} (${input.dnsServer.ip})`,
      input.topology === 'same-vm' ? 'AD and DNS on one machine' : 'AD and DNS on separate machines',
      `AD copy: ${COPY_METHOD_LABELS[input.copyMethod]}`,
      input.target === 'azure' ? 'target: Azure' : 'target: secondary site',
    ].join(' · '),
    sections,
  };
}

/** The checklist as plain text: what a manual action of the plan carries. */
export function checklistText(checklist: Checklist): string {
  const lines = [checklist.title, checklist.summary, ''];
  for (const [sectionIndex, section] of checklist.sections.entries()) {
    lines.push(`${sectionIndex + 1}. ${section.heading}`);
    for (const step of section.steps) {
      lines.push(`   [ ] ${step.text}`);
      if (step.command) lines.push(`       > ${step.command}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
