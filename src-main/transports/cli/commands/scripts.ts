// `scripts …`: the CLI side of the AD/DNS wizard (R18). Every value goes through the same contract validation
// as the wizard; an invalid one exits 2 with its reason and no script is printed or written.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InputOf } from '../../../contract/index.ts';
import type { ScriptsPlanContext } from '../../../domain/addns/plan-context.ts';
import type { GeneratedFile } from '../../../domain/addns/preparation.ts';
import { UsageError, type CliCommand, type CliContext } from '../command.ts';
import { json } from '../format.ts';
import { parseNetwork } from '../request-options.ts';

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

const OUT = { out: { type: 'string' } } as const;

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function requiredText(values: Values, name: string): string {
  const value = text(values, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

/** Prints the files, or writes them into --out DIR and prints where. */
function emit(context: CliContext, values: Values, files: readonly GeneratedFile[], printed: string): number {
  const out = text(values, 'out');
  if (out === undefined) {
    context.io.out(context.json ? json(files.length === 1 ? files[0] : files) : printed);
    return 0;
  }
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  const written = files.map((file) => {
    const path = join(dir, file.fileName);
    writeFileSync(path, file.content);
    return path;
  });
  context.io.out(context.json ? json({ written }) : written.map((path) => `wrote ${path}\n`).join(''));
  return 0;
}

const PREPARATION_OPTIONS = {
  plan: { type: 'string' },
  topology: { type: 'string' },
  'copy-method': { type: 'string' },
  zone: { type: 'string' },
  'dns-server': { type: 'string' },
  'dns-ip': { type: 'string' },
  'ad-server': { type: 'string' },
  addressing: { type: 'string' },
  machine: { type: 'string', multiple: true },
  network: { type: 'string' },
} as const;

const PREPARATION_USAGE =
  '--plan NAME [--topology same-vm|separate-vms] [--copy-method hyper-v-replication|ad-replication-snapshot|export-import-new-guid] [--zone ZONE] [--dns-server HOST] [--dns-ip ADDR] [--ad-server HOST] [--addressing dhcp|wnv-pool|static] [--machine ID]… [--network none|existing:ID|create:LOGICAL]';

async function findPlanContext(context: CliContext, nameOrId: string): Promise<ScriptsPlanContext> {
  const { plans } = await context.invoke('scripts:context', {});
  const wanted = nameOrId.toLowerCase();
  const plan = plans.find((candidate) => candidate.id === nameOrId) ?? plans.find((candidate) => candidate.name.toLowerCase() === wanted);
  if (!plan) throw new UsageError(`there is no recovery plan named ${JSON.stringify(nameOrId)} (plans: ${plans.map((p) => p.id).join(', ')})`);
  return plan;
}

/** The wizard's answers from options, each missing one taken from the plan's suggestions (the estate). */
async function preparationInput(context: CliContext, values: Values): Promise<InputOf<'scripts:checklist'>> {
  const plan = await findPlanContext(context, requiredText(values, 'plan'));
  const suggested = plan.suggestions;
  const zone = text(values, 'zone') ?? suggested.zone;
  if (zone === null) throw new UsageError('--zone is required: the forest root name cannot be derived from the estate for this plan');
  const dnsServerName = text(values, 'dns-server') ?? suggested.dnsServerName;
  const dnsServerIp = text(values, 'dns-ip') ?? suggested.dnsServerIp;
  if (dnsServerName === null || dnsServerIp === null) throw new UsageError('--dns-server and --dns-ip are required: no DNS machine with an address protects this plan\'s site');
  const topology = text(values, 'topology') ?? suggested.topology;
  const adServerName = text(values, 'ad-server') ?? (topology === 'separate-vms' ? (suggested.adServerName ?? undefined) : undefined);
  const machines = values.machine;
  // R12/R18: the drill's test network, spelt as `networks options` prints it; the records get the addresses there.
  const testNetwork = parseNetwork(text(values, 'network'));
  return {
    planId: plan.id,
    topology: topology as InputOf<'scripts:checklist'>['topology'],
    copyMethod: (text(values, 'copy-method') ?? 'hyper-v-replication') as InputOf<'scripts:checklist'>['copyMethod'],
    zone,
    dnsServerName,
    dnsServerIp,
    ...(adServerName === undefined ? {} : { adServerName }),
    addressing: (text(values, 'addressing') ?? suggested.addressing) as InputOf<'scripts:checklist'>['addressing'],
    ...(Array.isArray(machines) ? { machineIds: machines.map(String) } : {}),
    ...(testNetwork ? { testNetwork } : {}),
  };
}

export const scriptsCommands: CliCommand[] = [
  {
    path: ['scripts', 'dns-record'],
    readOnly: true,
    summary: 'PowerShell updating a machine\'s A record to its test address (.ps1).',
    usage: '--zone ZONE --name HOST --ip ADDR [--out DIR]',
    options: { zone: { type: 'string' }, name: { type: 'string' }, ip: { type: 'string' }, ...OUT },
    async run(context, values) {
      const file = await context.invoke('scripts:dns-record', {
        zone: requiredText(values, 'zone'),
        records: [{ name: requiredText(values, 'name'), ip: requiredText(values, 'ip') }],
      });
      return emit(context, values, [file], file.content);
    },
  },
  {
    path: ['scripts', 'dns-zone'],
    readOnly: true,
    summary: 'dnscmd script creating the test zone with non-secure updates (.cmd).',
    usage: '--zone ZONE --server HOST --ip ADDR [--out DIR]',
    options: { zone: { type: 'string' }, server: { type: 'string' }, ip: { type: 'string' }, ...OUT },
    async run(context, values) {
      const file = await context.invoke('scripts:dns-zone', {
        zone: requiredText(values, 'zone'),
        server: requiredText(values, 'server'),
        ip: requiredText(values, 'ip'),
      });
      return emit(context, values, [file], file.content);
    },
  },
  {
    path: ['scripts', 'dsregdns'],
    readOnly: true,
    summary: 'nltest /dsregdns for the domain controller (.cmd).',
    usage: '[--out DIR]',
    options: { ...OUT },
    async run(context, values) {
      const file = await context.invoke('scripts:dsregdns', {});
      return emit(context, values, [file], file.content);
    },
  },
  {
    path: ['scripts', 'checklist'],
    readOnly: true,
    summary: 'The AD/DNS preparation checklist of a plan with its scripts (.ps1, .cmd, .html with --out).',
    usage: `${PREPARATION_USAGE} [--out DIR]`,
    options: { ...PREPARATION_OPTIONS, ...OUT },
    async run(context, values) {
      const pack = await context.invoke('scripts:checklist', await preparationInput(context, values));
      if (context.json && text(values, 'out') === undefined) {
        context.io.out(json(pack));
        return 0;
      }
      const scripts = pack.files.filter((file) => file.mediaType === 'text/plain');
      const printed = [pack.text, ...scripts.map((file) => `--- ${file.fileName} ---\n${file.content.replace(/\r\n/g, '\n')}`)].join('\n');
      return emit(context, values, pack.files, printed);
    },
  },
  {
    path: ['scripts', 'add-to-plan'],
    summary: 'Add the AD/DNS checklist as a manual action before Group 1 of a plan (R18).',
    usage: PREPARATION_USAGE,
    options: { ...PREPARATION_OPTIONS },
    async run(context, values) {
      const added = await context.invoke('scripts:add-to-plan', await preparationInput(context, values));
      context.io.out(context.json ? json(added) : `added "${added.action.title}" before ${added.groupName} of ${added.planId}\n`);
      return 0;
    },
  },
];
