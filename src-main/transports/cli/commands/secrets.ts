import { UsageError, type CliCommand } from '../command.ts';
import { json, table } from '../format.ts';
import { connectionIdByName } from './connections.ts';

function connectionOption(values: Record<string, unknown>): string {
  if (typeof values.connection !== 'string' || values.connection.length === 0) throw new UsageError('--connection is required');
  return values.connection;
}

/** A secret piped in ends with the newline `echo` adds; that newline is not part of it. */
export function secretFromStdin(text: string): string {
  return text.replace(/\r?\n$/, '');
}

export const secretsCommands: CliCommand[] = [
  {
    path: ['secrets', 'set'],
    summary: "Store or replace a connection's secret in the OS keychain, read from standard input.",
    usage: '--connection NAME  (the secret on stdin, never as an argument)',
    options: { connection: { type: 'string' } },
    async run(context, values) {
      const connectionId = await connectionIdByName(context, connectionOption(values));
      const secret = secretFromStdin(await context.io.readStdin());
      if (secret.length === 0) throw new UsageError('no secret on standard input');
      await context.invoke('secrets:set', { connectionId, secret });
      context.io.out('secret stored in the keychain\n');
      return 0;
    },
  },
  {
    path: ['secrets', 'status'],
    readOnly: true,
    summary: 'Whether the keychain is available and which connections have a secret in it.',
    usage: '[--connection NAME]',
    options: { connection: { type: 'string' } },
    async run(context, values) {
      const keychain = await context.invoke('keychain:status', {});
      if (typeof values.connection === 'string') {
        const status = await context.invoke('secrets:status', { connectionId: await connectionIdByName(context, values.connection) });
        context.io.out(context.json ? json(status) : `${status.stored ? 'stored' : 'missing'}\n`);
        return 0;
      }
      const connections = await context.invoke('connections:list', {});
      if (context.json) {
        context.io.out(json({ keychain, connections: connections.map((c) => ({ id: c.id, name: c.name, secret: c.secret })) }));
        return 0;
      }
      context.io.out(keychain.available ? `keychain: available (${keychain.backend})\n` : `keychain: UNAVAILABLE: ${keychain.reason ?? ''}\n  ${keychain.remedy ?? ''}\n`);
      if (connections.length > 0) context.io.out(table(['CONNECTION', 'SECRET'], connections.map((c) => [c.name, c.secret])));
      return keychain.available ? 0 : 1;
    },
  },
  {
    path: ['secrets', 'delete'],
    summary: "Delete a connection's secret from the keychain.",
    usage: '--connection NAME',
    options: { connection: { type: 'string' } },
    async run(context, values) {
      const { deleted } = await context.invoke('secrets:delete', { connectionId: await connectionIdByName(context, connectionOption(values)) });
      context.io.out(deleted ? 'secret deleted from the keychain\n' : 'there was no secret for this connection\n');
      return 0;
    },
  },
];
