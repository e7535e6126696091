import type { CliCommand } from '../command.ts';
import { json, table } from '../format.ts';

export const estateCommands: CliCommand[] = [
  {
    path: ['plans', 'list'],
    readOnly: true,
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
    readOnly: true,
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
