import { EXIT, type CliCommand } from '../command.ts';
import { json } from '../format.ts';

export const auditCommands: CliCommand[] = [
  {
    path: ['audit', 'verify'],
    readOnly: true,
    usage: '[--json]',
    summary: 'Verify the hash chain of the audit trail; exit 1 at the first edited, inserted or deleted entry.',
    async run(context) {
      const verdict = await context.invoke('audit:verify', {});
      context.io.out(context.json ? json(verdict) : `${verdict.message}\n`);
      return verdict.ok ? EXIT.ok : EXIT.failed;
    },
  },
];
