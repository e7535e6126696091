// Operations from the command line: the same contract channel (jobs:start) as the wizards, driven in this
// process until the job finishes or waits for the operator.
import type { InputOf } from '../../../contract/index.ts';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command.ts';
import { confirmStart } from '../confirm.ts';
import { driveAndReport, resolveItemId, resolvePlanId } from '../job-output.ts';
import { applyRecoveryPoint, parseDirection, parseNetwork } from '../request-options.ts';

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;
type Start = InputOf<'jobs:start'>;

const SCOPE_OPTIONS = { plan: { type: 'string' }, item: { type: 'string' }, wait: { type: 'boolean' }, notes: { type: 'string' }, yes: { type: 'boolean' }, 'request-id': { type: 'string' } } as const;

function scopeOf(context: CliContext, values: Values): Start['scope'] {
  const plan = typeof values.plan === 'string' ? values.plan : undefined;
  const item = typeof values.item === 'string' ? values.item : undefined;
  if ((plan === undefined) === (item === undefined)) throw new UsageError('name exactly one of --plan NAME or --item NAME');
  return plan !== undefined ? { planId: resolvePlanId(context.app(), plan) } : { itemId: resolveItemId(context.app(), item!) };
}

async function startAndDrive(context: CliContext, values: Values, request: Start): Promise<number> {
  const notes = typeof values.notes === 'string' ? values.notes : undefined;
  // A script that retries a start passes the same --request-id: it gets the job the first attempt started.
  const requestId = typeof values['request-id'] === 'string' ? values['request-id'] : undefined;
  if (!(await confirmStart(context, request, values.yes === true))) return EXIT.failed;
  const job = await context.invoke('jobs:start', { ...request, ...(notes !== undefined ? { notes } : {}), ...(requestId !== undefined ? { requestId } : {}) });
  if (!context.json) context.io.out(`${job.id} started: ${job.operation} of ${job.scopeName}\n`);
  return driveAndReport(context, job.id, values.wait === true);
}

export const failoverCommands: CliCommand[] = [
  {
    path: ['failover'],
    usage: '--plan NAME|--item NAME --type test|planned|unplanned [--network none|existing:ID|create:LOGICAL] [--shutdown-source] [--recovery-point latest|latest-processed|latest-app-consistent|ID] [--shutdown-and-sync] [--direction SRC:DST] [--notes TEXT] [--request-id ID] [--wait] [--yes]',
    summary: 'Run a test, planned or unplanned failover (pre-flight first; exit 3 when it refuses).',
    options: { ...SCOPE_OPTIONS, type: { type: 'string' }, network: { type: 'string' }, 'recovery-point': { type: 'string' }, 'shutdown-and-sync': { type: 'boolean' }, 'shutdown-source': { type: 'boolean' }, direction: { type: 'string' } },
    async run(context, values) {
      const type = values.type;
      if (type !== 'test' && type !== 'planned' && type !== 'unplanned') throw new UsageError('--type is test, planned or unplanned');
      const request: Start = { operation: `${type}-failover`, scope: scopeOf(context, values) };
      if (type === 'test') request.testNetwork = parseNetwork(values.network as string | undefined) ?? { option: 'none' };
      else if (values.network !== undefined) throw new UsageError('--network is for a test failover');
      applyRecoveryPoint(request, typeof values['recovery-point'] === 'string' ? values['recovery-point'] : undefined);
      if (values['shutdown-source'] === true) {
        if (type !== 'test') throw new UsageError('--shutdown-source is for a test failover (R10: on a network not isolated from production)');
        request.shutdownSource = true;
      }
      if (values['shutdown-and-sync'] === true) {
        if (type !== 'unplanned') throw new UsageError('--shutdown-and-sync is for an unplanned failover');
        request.shutdownAndSync = true;
      }
      const direction = parseDirection(values.direction as string | undefined);
      if (direction) request.direction = direction;
      return startAndDrive(context, values, request);
    },
  },
  {
    path: ['commit'],
    usage: '--plan NAME|--item NAME [--wait] [--yes]',
    summary: 'Commit a failover (R7): the other recovery points are removed.',
    options: SCOPE_OPTIONS,
    run: (context, values) => startAndDrive(context, values, { operation: 'commit', scope: scopeOf(context, values) }),
  },
  {
    path: ['change-recovery-point'],
    usage: '--item NAME --point ID [--wait] [--yes]',
    summary: 'Use another recovery point for a commit-pending machine (R7).',
    options: { ...SCOPE_OPTIONS, point: { type: 'string' } },
    async run(context, values) {
      if (typeof values.point !== 'string') throw new UsageError('--point ID is required');
      if (typeof values.item !== 'string') throw new UsageError('--item NAME is required');
      return startAndDrive(context, values, { operation: 'change-recovery-point', scope: scopeOf(context, values), recoveryPointId: values.point });
    },
  },
  {
    path: ['reverse-replicate'],
    usage: '--plan NAME|--item NAME [--wait]',
    summary: 'Start reverse replication (R9: delta after planned, full after unplanned).',
    options: SCOPE_OPTIONS,
    run: (context, values) => startAndDrive(context, values, { operation: 'reverse-replication', scope: scopeOf(context, values) }),
  },
  {
    path: ['resynchronize'],
    usage: '--plan NAME|--item NAME [--wait]',
    summary: 'Resynchronize machines whose replication is unhealthy (resynchronizing).',
    options: SCOPE_OPTIONS,
    run: (context, values) => startAndDrive(context, values, { operation: 'resynchronize', scope: scopeOf(context, values) }),
  },
  {
    path: ['failback'],
    usage: '--plan NAME|--item NAME [--sync before|during] [--recovery-point latest|latest-processed|latest-app-consistent|ID] [--alternate-host HOST --create-vm] [--wait] [--yes]',
    summary: 'Fail back from Azure (R15, R16) or from a secondary site (R17); a kind of point means the final synchronisation, an ID (one machine, from a secondary site) starts it from that point.',
    options: { ...SCOPE_OPTIONS, sync: { type: 'string' }, 'recovery-point': { type: 'string' }, 'alternate-host': { type: 'string' }, 'create-vm': { type: 'boolean' } },
    async run(context, values) {
      const request: Start = { operation: 'failback', scope: scopeOf(context, values) };
      applyRecoveryPoint(request, typeof values['recovery-point'] === 'string' ? values['recovery-point'] : undefined);
      if (values.sync !== undefined) {
        if (values.sync !== 'before' && values.sync !== 'during') throw new UsageError('--sync is before or during');
        request.sync = values.sync;
      }
      if (typeof values['alternate-host'] === 'string') request.alternateHostId = values['alternate-host'];
      if (values['create-vm'] === true) {
        if (!request.alternateHostId) throw new UsageError('--create-vm goes with --alternate-host HOST');
        request.createVmIfMissing = true;
      }
      return startAndDrive(context, values, request);
    },
  },
];
