import type { CliCommand } from '../command.ts';
import { json, table } from '../format.ts';

export const sitesCommands: CliCommand[] = [
  {
    path: ['sites', 'list'],
    readOnly: true,
    summary: 'List the sites of the estate with their kind and reachability.',
    async run(context) {
      const sites = await context.invoke('sites:list', {});
      context.io.out(
        context.json
          ? json(sites)
          : table(
              ['ID', 'NAME', 'KIND', 'ROLE', 'REACHABLE', 'ITEMS'],
              sites.map((s) => [s.id, s.name, s.kind, s.role, s.reachable ? 'yes' : 'NO', s.protectedItemCount]),
            ),
      );
      return 0;
    },
  },
];
