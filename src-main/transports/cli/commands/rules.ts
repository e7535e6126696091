import type { OperationRequest, OperationScope } from '../../../domain/model/operation.ts';
import { DIRECTION_KEYS } from '../../../domain/rules/support-matrix.ts';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command.ts';
import { json, table } from '../format.ts';
import { resolveItemId, resolvePlanId } from '../job-output.ts';
import { applyRecoveryPoint, describeNetwork, OPERATION_SPELLINGS, parseDirection, parseNetwork, parseOperation } from '../request-options.ts';

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

const SCOPE_OPTIONS = {
  plan: { type: 'string' },
  item: { type: 'string' },
  direction: { type: 'string' },
} as const;

const REQUEST_OPTIONS = {
  ...SCOPE_OPTIONS,
  operation: { type: 'string' },
  network: { type: 'string' },
  'recovery-point': { type: 'string' },
  'shutdown-and-sync': { type: 'boolean' },
  'shutdown-source': { type: 'boolean' },
  sync: { type: 'string' },
  'alternate-host': { type: 'string' },
  'create-vm': { type: 'boolean' },
} as const;

const REQUEST_USAGE =
  '--plan NAME|--item NAME --operation test|planned|unplanned|OPERATION [--direction SRC:TGT] [--network none|existing:ID|create:LOGICAL] [--recovery-point latest|latest-processed|latest-app-consistent|ID] [--shutdown-and-sync] [--shutdown-source] [--sync before|during] [--alternate-host HOST] [--create-vm] [--json]';

const text = (values: Values, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

async function parseScope(context: CliContext, values: Values): Promise<OperationScope> {
  const plan = text(values, 'plan');
  const item = text(values, 'item');
  if ((plan === undefined) === (item === undefined)) throw new UsageError('name exactly one of --plan or --item');
  return plan !== undefined ? { planId: resolvePlanId(context.app(), plan) } : { itemId: resolveItemId(context.app(), item ?? '') };
}

function directionOption(values: Values): OperationRequest['direction'] {
  return parseDirection(text(values, 'direction'));
}

async function parseRequest(context: CliContext, values: Values): Promise<OperationRequest> {
  const raw = text(values, 'operation');
  if (!raw) throw new UsageError(`--operation is required (one of ${OPERATION_SPELLINGS})`);
  const operation = parseOperation(raw);
  const sync = text(values, 'sync');
  if (sync !== undefined && sync !== 'before' && sync !== 'during') throw new UsageError(`--sync "${sync}" must be before or during`);
  const request: OperationRequest = { operation, scope: await parseScope(context, values) };
  const direction = directionOption(values);
  if (direction) request.direction = direction;
  const testNetwork = parseNetwork(text(values, 'network'));
  if (testNetwork) request.testNetwork = testNetwork;
  applyRecoveryPoint(request, text(values, 'recovery-point'));
  if (values['shutdown-and-sync'] === true) request.shutdownAndSync = true;
  if (values['shutdown-source'] === true) request.shutdownSource = true;
  if (sync) request.sync = sync;
  const alternateHostId = text(values, 'alternate-host');
  if (alternateHostId) request.alternateHostId = alternateHostId;
  if (values['create-vm'] === true) request.createVmIfMissing = true;
  return request;
}

const MARK = { pass: 'ok', warn: 'WARN', fail: 'FAIL' } as const;

export const rulesCommands: CliCommand[] = [
  {
    path: ['matrix'],
    readOnly: true,
    summary: 'R1: the failover types each direction supports.',
    usage: '[--json]',
    async run(context) {
      const matrix = await context.invoke('rules:matrix', {});
      context.io.out(
        context.json
          ? json(matrix)
          : table(['DIRECTION', 'TEST', 'PLANNED', 'UNPLANNED'], DIRECTION_KEYS.map((key) => [key, matrix[key].test, matrix[key].planned, matrix[key].unplanned])),
      );
      return EXIT.ok;
    },
  },
  {
    path: ['preflight'],
    readOnly: true,
    summary: 'Run every pre-flight check of an operation (exit 0 may start, 3 a check fails).',
    usage: REQUEST_USAGE,
    options: REQUEST_OPTIONS,
    async run(context, values) {
      const result = await context.invoke('preflight:run', await parseRequest(context, values));
      if (context.json) context.io.out(json(result));
      else {
        const direction = result.direction ? `${result.direction.sourceSiteName} → ${result.direction.targetSiteName}` : 'not settled (choose it with --direction)';
        context.io.out(table(['STATUS', 'RULE', 'SUBJECT', 'WHAT TO DO'], result.checks.map((c) => [MARK[c.status], c.ruleId, c.subject.name, c.message])));
        context.io.out(`\ndirection: ${direction}\nmay start: ${result.mayStart ? 'yes' : 'NO'}\n`);
      }
      return result.mayStart ? EXIT.ok : EXIT.preflightFailed;
    },
  },
  {
    path: ['networks', 'options'],
    readOnly: true,
    summary: 'R11: the test-failover network options for the target, with why any is unavailable.',
    usage: '--plan NAME|--item NAME [--direction SRC:TGT] [--json]',
    options: SCOPE_OPTIONS,
    async run(context, values) {
      const input: { scope: OperationScope; direction?: { sourceSiteId: string; targetSiteId: string } } = { scope: await parseScope(context, values) };
      const direction = directionOption(values);
      if (direction) input.direction = direction;
      const options = await context.invoke('networks:options', input);
      context.io.out(
        context.json
          ? json(options)
          : table(['OPTION', 'AVAILABLE', 'WHY'], options.map((o) => [describeNetwork(o.choice), o.available ? 'yes' : 'no', o.warning ?? o.reason])),
      );
      return EXIT.ok;
    },
  },
  {
    path: ['ip', 'plan'],
    readOnly: true,
    summary: 'R12/R13: the address of each NIC after the failover, and why.',
    usage: REQUEST_USAGE,
    options: REQUEST_OPTIONS,
    async run(context, values) {
      const entries = await context.invoke('ip:plan', await parseRequest(context, values));
      context.io.out(
        context.json
          ? json(entries)
          : table(
              ['MACHINE', 'NIC', 'FROM', 'ADDRESS', 'IP', 'WHY'],
              entries.map((e) => [e.itemName, e.nicId, e.sourceIp ?? 'dhcp', e.ok ? e.address : 'FAILS', e.ip ?? e.expectedIp ?? e.poolName ?? '', e.reason]),
            ),
      );
      return entries.every((e) => e.ok) ? EXIT.ok : EXIT.preflightFailed;
    },
  },
];
