// Wizard 5's outcome for one plan: the checklist, the scripts and the HTML page, and the manual action
// that carries them before Group 1 (R18: a manual step before Group 1 adds the AD/DNS machines).
import { AppError } from '../../contract/errors.ts';
import type { Estate, PlanAction, RecoveryPlan } from '../model/estate.ts';
import type { TestNetworkChoice } from '../model/operation.ts';
import { buildChecklist, checklistText, type AddressingMode, type Checklist, type CopyMethod, type Topology } from './checklist.ts';
import { DNS_RECORD_FILE_NAME, dnsRecordScript, type DnsRecordUpdate } from './dns-record-script.ts';
import { DNS_ZONE_FILE_NAME, dnsZoneScript } from './dns-zone-script.ts';
import { DSREGDNS_FILE_NAME, dsregdnsScript } from './dsregdns.ts';
import { CHECKLIST_FILE_NAME, checklistHtml } from './html-checklist.ts';
import { findPlan } from '../rules/lookup.ts';
import { planContext } from './plan-context.ts';
import { ipPlanTestAddresses, testNetworkAddresses, type TestAddressSource } from './test-addresses.ts';

export interface PreparationRequest {
  planId: string;
  topology: Topology;
  copyMethod: CopyMethod;
  zone: string;
  dnsServerName: string;
  dnsServerIp: string;
  adServerName?: string | undefined;
  addressing: AddressingMode;
  /** Plan members whose A records to update; absent = every member with a static test address. */
  machineIds?: string[] | undefined;
  /** The test network the drill uses: the records get the addresses the IP plan gives there (R12, R18). */
  testNetwork?: TestNetworkChoice | undefined;
}

export interface GeneratedFile {
  fileName: string;
  mediaType: 'text/plain' | 'text/html';
  content: string;
}

export interface PreparationPackage {
  planId: string;
  checklist: Checklist;
  /** The checklist as plain text (what the manual action carries). */
  text: string;
  records: DnsRecordUpdate[];
  /** Scripts (.ps1 only when there are records to update, .cmd) then the HTML checklist. */
  files: GeneratedFile[];
}

export const PREPARATION_ACTION_ID = 'addns-preparation';
export const PREPARATION_ACTION_TITLE = 'Prepare AD/DNS in the test network (R18)';
const MAX_INSTRUCTIONS = 20_000;

export { findPlan } from '../rules/lookup.ts';

function recordsFor(estate: Estate, plan: RecoveryPlan, request: PreparationRequest, addressesOf: TestAddressSource): DnsRecordUpdate[] {
  const context = planContext(estate, plan, addressesOf);
  const members = context.groups.flatMap((group) => group.members);
  const ids = request.machineIds ?? context.suggestions.machineIds;
  return ids.map((id) => {
    const machine = members.find((member) => member.id === id);
    if (!machine) throw new AppError('INVALID_INPUT', `"${id}" is not a machine of the plan ${plan.name}.`);
    // One A record per machine: its first NIC's address (the clone-and-set script updates RecordData[0]).
    const address = machine.addresses[0];
    if (!address) throw new AppError('INVALID_INPUT', `${machine.name} has no static test address; it registers itself in DNS through DHCP.`);
    return { name: machine.name, ip: address.ip };
  });
}

export function preparePackage(estate: Estate, request: PreparationRequest, addressesOf: TestAddressSource = request.testNetwork ? testNetworkAddresses(request.testNetwork) : ipPlanTestAddresses): PreparationPackage {
  const plan = findPlan(estate, request.planId);
  const records = recordsFor(estate, plan, request, addressesOf);
  const target = estate.sites.find((site) => site.id === plan.targetSiteId)?.kind === 'azure' ? 'azure' : 'secondary-site';
  const checklist = buildChecklist({
    planName: plan.name,
    target,
    topology: request.topology,
    copyMethod: request.copyMethod,
    zone: request.zone,
    dnsServer: { name: request.dnsServerName, ip: request.dnsServerIp },
    adServerName: request.adServerName,
    addressing: request.addressing,
    records,
  });
  const scripts: GeneratedFile[] = [
    ...(records.length > 0 ? [{ fileName: DNS_RECORD_FILE_NAME, mediaType: 'text/plain' as const, content: dnsRecordScript({ zone: request.zone, records }) }] : []),
    {
      fileName: DNS_ZONE_FILE_NAME,
      mediaType: 'text/plain',
      content: dnsZoneScript({ zone: request.zone, server: request.dnsServerName, ip: request.dnsServerIp }),
    },
    { fileName: DSREGDNS_FILE_NAME, mediaType: 'text/plain', content: dsregdnsScript() },
  ];
  const html = checklistHtml(checklist, scripts);
  return {
    planId: plan.id,
    checklist,
    text: checklistText(checklist),
    records,
    files: [...scripts, { fileName: CHECKLIST_FILE_NAME, mediaType: 'text/html', content: html }],
  };
}

/** The manual action: the checklist, then the scripts to run, so the operator has everything at the step. */
export function preparationAction(pack: PreparationPackage): PlanAction {
  const scripts = pack.files.filter((file) => file.mediaType === 'text/plain');
  const withScripts = [pack.text, ...scripts.map((file) => `--- ${file.fileName} ---\n${file.content.replace(/\r\n/g, '\n')}`)].join('\n');
  const instructions = withScripts.length <= MAX_INSTRUCTIONS ? withScripts : `${pack.text}\n(The scripts are too long to attach: generate them in the Scripts view.)`;
  if (instructions.length > MAX_INSTRUCTIONS) throw new AppError('INVALID_INPUT', 'The checklist is too long for a manual action; select fewer machines.');
  // R18: the AD/DNS copy is prepared for a drill only; a real failover (an outage) must not stop before Group 1.
  return { id: PREPARATION_ACTION_ID, kind: 'manual', title: PREPARATION_ACTION_TITLE, instructions, runOn: ['test-failover'] };
}
