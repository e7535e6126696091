import { readFileSync } from 'node:fs';
import { AppError } from '../../../contract/errors.ts';
import type { InputOf } from '../../../contract/index.ts';
import type { LabStatus } from '../../../contract/lab.ts';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command.ts';
import { json, table } from '../format.ts';
import { resolveItemId } from '../job-output.ts';

const FAULT_USAGE =
  'site-unreachable SITE | operation-fails ITEM OPERATION [--once] | boot-failure ITEM [--once] | replication-lag ITEM SECONDS | hang ITEM OPERATION | ' +
  'missing-switch HOST SWITCH | throttled ITEM [CALLS] [--retry-after MS] | transient ITEM OPERATION [CALLS] | slow ITEM OPERATION SECONDS | ' +
  'partial-failure ITEM OPERATION [--once] | lost-answer ITEM OPERATION [--on start|poll] [--once] | clear | list';

interface FaultOptions {
  once: boolean;
  retryAfter: string | undefined;
  on: string | undefined;
}

function printStatus(context: CliContext, status: LabStatus): number {
  if (context.json) context.io.out(json(status));
  else {
    context.io.out(`time scale ${status.settings.timeScale} · seed ${status.settings.seed}\n`);
    context.io.out(status.faults.length === 0 ? 'no faults\n' : table(['ID', 'FAULT'], status.faults.map((fault) => [fault.id, fault.description])));
  }
  return EXIT.ok;
}

function faultOf(context: CliContext, words: string[], options: FaultOptions): InputOf<'lab:fault'> {
  const [kind, first, second, third] = words;
  const once = options.once;
  const need = (value: string | undefined, what: string) => {
    if (!value) throw new UsageError(`lab fault ${kind} needs ${what}`);
    return value;
  };
  const mode = once ? 'once' : 'always';
  switch (kind) {
    case 'site-unreachable':
      return { kind, siteId: need(first, 'SITE') };
    case 'operation-fails':
      return { kind, itemId: resolveItemId(context.app(), need(first, 'ITEM')), operation: need(second, 'OPERATION') as never, mode };
    case 'boot-failure':
      return { kind, itemId: resolveItemId(context.app(), need(first, 'ITEM')), mode };
    case 'replication-lag':
      return { kind, itemId: resolveItemId(context.app(), need(first, 'ITEM')), seconds: Number(need(second, 'SECONDS')) };
    case 'hang':
      return { kind, itemId: resolveItemId(context.app(), need(first, 'ITEM')), operation: need(second, 'OPERATION') as never };
    case 'missing-switch':
      return { kind, hostId: need(first, 'HOST'), switchName: need(second, 'SWITCH') };
    // The dispatcher validates the numbers and names (the lab:fault schema); a bad one is a usage error there.
    case 'throttled':
      return {
        kind,
        itemId: resolveItemId(context.app(), need(first, 'ITEM')),
        calls: second === undefined ? 1 : Number(second),
        retryAfterMs: options.retryAfter === undefined ? 1_000 : Number(options.retryAfter),
      };
    case 'transient':
      return { kind, itemId: resolveItemId(context.app(), need(first, 'ITEM')), operation: need(second, 'OPERATION') as never, calls: third === undefined ? 1 : Number(third) };
    case 'slow':
      return { kind, itemId: resolveItemId(context.app(), need(first, 'ITEM')), operation: need(second, 'OPERATION') as never, seconds: Number(need(third, 'SECONDS')) };
    case 'partial-failure':
      return { kind, itemId: resolveItemId(context.app(), need(first, 'ITEM')), operation: need(second, 'OPERATION') as never, mode };
    case 'lost-answer':
      return { kind, itemId: resolveItemId(context.app(), need(first, 'ITEM')), operation: need(second, 'OPERATION') as never, on: (options.on ?? 'start') as never, mode };
    case 'clear':
    case 'list':
      return { kind };
    default:
      throw new UsageError(`lab fault ${FAULT_USAGE}`);
  }
}

export const labCommands: CliCommand[] = [
  {
    path: ['lab', 'fault'],
    usage: `${FAULT_USAGE} [--json]`,
    summary: 'Inject a fault into the lab fabric, or clear or list them.',
    options: { once: { type: 'boolean' }, 'retry-after': { type: 'string' }, on: { type: 'string' } },
    async run(context, values, positionals) {
      const options: FaultOptions = {
        once: values.once === true,
        retryAfter: typeof values['retry-after'] === 'string' ? values['retry-after'] : undefined,
        on: typeof values.on === 'string' ? values.on : undefined,
      };
      return printStatus(context, await context.invoke('lab:fault', faultOf(context, positionals, options)));
    },
  },
  {
    path: ['lab', 'reset'],
    usage: '[--estate FILE] [--time-scale N] [--seed N] [--json]',
    summary: 'Reset the lab fabric to the built-in estate (or FILE); clears faults and the operation log.',
    options: { estate: { type: 'string' }, 'time-scale': { type: 'string' }, seed: { type: 'string' } },
    async run(context, values) {
      const input: InputOf<'lab:reset'> = {};
      if (typeof values.estate === 'string') {
        try {
          input.estate = JSON.parse(readFileSync(values.estate, 'utf8')) as InputOf<'lab:reset'>['estate']; // dispatch validates it
        } catch {
          throw new AppError('ESTATE_INVALID', `The estate file ${values.estate} cannot be read as JSON.`);
        }
      }
      if (typeof values['time-scale'] === 'string') input.timeScale = Number(values['time-scale']);
      if (typeof values.seed === 'string') input.seed = Number(values.seed);
      return printStatus(context, await context.invoke('lab:reset', input));
    },
  },
  {
    path: ['lab', 'ops'],
    readOnly: true,
    usage: '[--item NAME] [--limit N] [--json]',
    summary: "The lab fabric's operation log: operation, item, idempotency key, time.",
    options: { item: { type: 'string' }, limit: { type: 'string' } },
    async run(context, values) {
      const ops = await context.invoke('lab:ops', {
        ...(typeof values.item === 'string' ? { itemId: resolveItemId(context.app(), values.item) } : {}),
        ...(typeof values.limit === 'string' ? { limit: Number(values.limit) } : {}),
      });
      context.io.out(context.json ? json(ops) : table(['SEQ', 'AT', 'OPERATION', 'ITEM', 'OUTCOME', 'KEY'], ops.map((op) => [op.seq, op.at, op.operation, op.itemId ?? '', op.outcome, op.key])));
      return EXIT.ok;
    },
  },
];
