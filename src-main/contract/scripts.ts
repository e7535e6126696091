// Wizard 5 (AD/DNS preparation, R18; docs/decisions.md "AD/DNS scripts: what a valid value is"): checklists and injection-safe scripts, and "Add to plan".
// Every name and address is checked here by the engine's validators, so an invalid value is refused with
// its reason (INVALID_INPUT) before a handler, let alone a script, sees it.
import { z } from 'zod';
import { OpaqueId } from '../domain/model/opaque-id.ts';
import { ADDRESSING_MODES, COPY_METHODS, TOPOLOGIES } from '../domain/addns/checklist.ts';
import type { ScriptsPlanContext } from '../domain/addns/plan-context.ts';
import type { GeneratedFile, PreparationPackage } from '../domain/addns/preparation.ts';
import { validateDnsName, validateHostLabel, validateIpv4, type Validation } from '../domain/addns/validate.ts';
import { TestNetworkChoice } from '../domain/model/operation.ts';
import { channel, returns } from './define.ts';

// Long enough for the validator to give its own reason ("300 characters long…"), bounded for the wire.
const MAX_RAW = 2_000;

function validatedString(check: (value: unknown, what: string) => Validation, what: string) {
  return z
    .string()
    .max(MAX_RAW)
    .superRefine((value, context) => {
      const result = check(value, what);
      if (!result.ok) context.addIssue({ code: 'custom', message: result.reason });
    });
}

export const dnsNameField = (what: string) => validatedString(validateDnsName, what);
export const hostLabelField = (what: string) => validatedString(validateHostLabel, what);
export const ipv4Field = (what: string) => validatedString(validateIpv4, what);

// Estate ids are opaque (no control characters): an unknown one may be echoed in a message safely.
const estateId = OpaqueId;

export const PreparationInput = z
  .strictObject({
    planId: estateId,
    topology: z.enum(TOPOLOGIES),
    copyMethod: z.enum(COPY_METHODS),
    zone: dnsNameField('The forest root zone'),
    dnsServerName: hostLabelField('The DNS server name'),
    dnsServerIp: ipv4Field('The DNS server address'),
    adServerName: hostLabelField('The Active Directory server name').optional(),
    addressing: z.enum(ADDRESSING_MODES),
    machineIds: z.array(estateId).max(50).optional(),
    /** R12/R18: the drill's test network; the DNS records get the addresses the IP plan gives there. */
    testNetwork: TestNetworkChoice.optional(),
  })
  .superRefine((value, context) => {
    if (value.topology === 'separate-vms' && value.adServerName === undefined) {
      context.addIssue({ code: 'custom', path: ['adServerName'], message: 'AD and DNS on separate machines needs the Active Directory server name.' });
    }
  });

export interface ScriptsContext {
  plans: ScriptsPlanContext[];
}

export interface AddedToPlan {
  planId: string;
  groupId: string;
  groupName: string;
  action: { id: string; title: string };
  /** Titles of the actions now before Group 1, in order. */
  before: string[];
}

export const scriptsChannels = {
  'scripts:context': channel({
    input: z.strictObject({}),
    output: returns<ScriptsContext>(),
    summary: 'Plans with their groups, members, roles and test addresses, and suggested AD/DNS answers (wizard 5).',
  }),
  'scripts:plan-context': channel({
    input: z.strictObject({ planId: estateId, testNetwork: TestNetworkChoice }),
    output: returns<ScriptsPlanContext>(),
    summary: 'R12/R18: one plan as scripts:context gives it, with each machine\'s address in the chosen test network (the IP plan of a test failover there).',
  }),
  'scripts:dns-record': channel({
    input: z.strictObject({
      zone: dnsNameField('The zone'),
      records: z.array(z.strictObject({ name: dnsNameField('The host name'), ip: ipv4Field('The address') })).min(1).max(50),
    }),
    output: returns<GeneratedFile>(),
    summary: 'PowerShell that points A records at test addresses (clone-and-set, reference "Prepare DNS").',
  }),
  'scripts:dns-zone': channel({
    input: z.strictObject({ zone: dnsNameField('The zone'), server: hostLabelField('The DNS server name'), ip: ipv4Field('The DNS server address') }),
    output: returns<GeneratedFile>(),
    summary: 'dnscmd script creating the file-backed test zone with SOA and A records and non-secure updates.',
  }),
  'scripts:dsregdns': channel({
    input: z.strictObject({}),
    output: returns<GeneratedFile>(),
    summary: 'nltest /dsregdns: register the domain controller in the test zone.',
  }),
  'scripts:checklist': channel({
    input: PreparationInput,
    output: returns<PreparationPackage>(),
    summary: 'The AD/DNS preparation checklist for a plan, with its scripts and a printable HTML page.',
  }),
  'scripts:add-to-plan': channel({
    input: PreparationInput,
    output: returns<AddedToPlan>(),
    summary: 'Adds the checklist as a manual action before Group 1 of the plan (R18).',
  }),
};
