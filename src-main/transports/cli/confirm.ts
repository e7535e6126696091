// Every destructive operation asks for a confirmation that names what will happen, in the CLI as in the wizards
// (docs/decisions.md "The CLI confirms destructive operations at a terminal"). At a
// terminal without --yes the CLI prints the wizard's sentence and asks for the scope's name; piped input,
// scripts and tests proceed as before (they opted in by writing the command).
import type { InputOf } from '../../contract/index.ts';
import { describeOperation } from '../../domain/rules/describe-operation.ts';
import type { OperationKind } from '../../domain/model/operation.ts';
import type { CliContext } from './command.ts';

type Start = InputOf<'jobs:start'>;

/** The operations the wizard also makes the operator confirm by name. */
export const CONFIRMED_OPERATIONS: ReadonlySet<OperationKind> = new Set(['planned-failover', 'unplanned-failover', 'failback', 'commit', 'change-recovery-point']);

/** True when the operation may start: not destructive, not at a terminal, --yes, or the right name typed. */
export async function confirmStart(context: CliContext, request: Start, yes: boolean): Promise<boolean> {
  const { io } = context;
  if (yes || !CONFIRMED_OPERATIONS.has(request.operation) || io.isInteractive !== true || !io.prompt) return true;
  // A request pre-flight refuses is left to jobs:start, which names the failing checks (exit 3).
  const report = await context.invoke('preflight:run', request);
  if (!report.mayStart || !report.direction) return true;
  const estate = context.app().estate();
  const plan = 'planId' in request.scope ? estate.plans.find((candidate) => candidate.id === (request.scope as { planId: string }).planId) : undefined;
  const memberIds = plan ? plan.groups.flatMap((group) => group.members) : ['itemId' in request.scope ? request.scope.itemId : ''];
  const members = estate.items.filter((item) => memberIds.includes(item.id));
  const name = plan ? plan.name : (members[0]?.name ?? '');
  io.err(`${describeOperation(request, report.direction, members)}\n`);
  const answer = await io.prompt(`Type the ${plan ? 'plan' : 'machine'}'s name (${name}) to confirm, or anything else to cancel: `);
  if (answer.trim() === name) return true;
  io.err(`Not confirmed: the name typed is not "${name}". Nothing was started.\n`);
  return false;
}
