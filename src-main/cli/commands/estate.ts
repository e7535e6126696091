import { AppError } from '../../contract/errors.ts';
import type { CliCommand, CliContext } from '../command.ts';
import { json, table } from '../format.ts';

/** Plans and items may be named by id or by name (case-insensitive); an unknown one is NOT_FOUND (exit 2). */
export async function resolvePlanRef(context: CliContext, ref: string): Promise<string> {
  const plans = await context.invoke('plans:list', {});
  const found = plans.find((p) => p.id === ref) ?? plans.find((p) => p.name.toLowerCase() === ref.toLowerCase());
  if (!found) throw new AppError('NOT_FOUND', `There is no recovery plan "${ref}" (see: plans list).`);
  return found.id;
}

export async function resolveItemRef(context: CliContext, ref: string): Promise<string> {
  const items = await context.invoke('items:list', {});
  const found = items.find((i) => i.id === ref) ?? items.find((i) => i.name.toLowerCase() === ref.toLowerCase());
  if (!found) throw new AppError('NOT_FOUND', `There is no protected item "${ref}" (see: items list).`);
  return found.id;
}

export const estateCommands: CliCommand[] = [
  {
    path: ['plans', 'list'],
    summary: 'List the recovery plans with their sites and members.',
    async run(context) {
      const plans = await context.invoke('plans:list', {});
      context.io.out(
        context.json
          ? json(plans)
          : table(['ID', 'NAME', 'SOURCE', 'TARGET', 'GROUPS', 'MEMBERS'], plans.map((p) => [p.id, p.name, p.sourceSiteId, p.targetSiteId, p.groupCount, p.memberIds.join(',')])),
      );
      return 0;
    },
  },
  {
    path: ['items', 'list'],
    summary: 'List the protected items with where they run and their replication state.',
    async run(context) {
      const items = await context.invoke('items:list', {});
      context.io.out(
        context.json
          ? json(items)
          : table(
              ['ID', 'NAME', 'ACTIVE AT', 'REPLICATION', 'FAILOVER', 'ROLES'],
              items.map((i) => [
                i.id,
                i.name,
                i.activeSiteId,
                i.replicationState === 'initial-replication' ? `initial ${i.initialProgress}%` : i.replicationState,
                i.failoverState,
                i.roles.join(','),
              ]),
            ),
      );
      return 0;
    },
  },
];
