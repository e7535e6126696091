import { CONNECTION_KINDS, ConnectionKind } from '../../../contract/connections.ts';
import { UsageError, type CliCommand, type CliContext } from '../command.ts';
import { json, table } from '../format.ts';

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} is required`);
  return value;
}

function kindOf(value: string): ConnectionKind {
  const parsed = ConnectionKind.safeParse(value);
  if (!parsed.success) throw new UsageError(`--kind must be one of ${CONNECTION_KINDS.join(', ')}`);
  return parsed.data;
}

/** The CLI names a connection; channels take its id. */
export async function connectionIdByName(context: CliContext, name: string): Promise<string> {
  const connections = await context.invoke('connections:list', {});
  const found = connections.find((c) => c.id === name || c.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new UsageError(`there is no connection named "${name}" (see: connections list)`);
  return found.id;
}

export const connectionsCommands: CliCommand[] = [
  {
    path: ['connections', 'list'],
    readOnly: true,
    summary: 'List fabric connections and whether each secret is in the keychain.',
    async run(context) {
      const connections = await context.invoke('connections:list', {});
      context.io.out(
        context.json
          ? json(connections)
          : table(
              ['ID', 'NAME', 'KIND', 'ADDRESS', 'USER', 'SECRET'],
              connections.map((c) => [c.id, c.name, c.kind, c.address, c.userName, c.secret]),
            ),
      );
      return 0;
    },
  },
  {
    path: ['connections', 'add'],
    summary: 'Add a fabric connection (then: secrets set --connection NAME).',
    usage: '--name NAME --kind KIND --address ADDR --user USER [--site SITE_ID]',
    options: { name: { type: 'string' }, kind: { type: 'string' }, address: { type: 'string' }, user: { type: 'string' }, site: { type: 'string' } },
    async run(context, values) {
      const site = typeof values.site === 'string' ? values.site : undefined;
      const connection = await context.invoke('connections:add', {
        name: required(values, 'name'),
        kind: kindOf(required(values, 'kind')),
        address: required(values, 'address'),
        userName: required(values, 'user'),
        ...(site ? { siteId: site } : {}),
      });
      context.io.out(context.json ? json(connection) : `added connection ${connection.name} (${connection.id})\n`);
      return 0;
    },
  },
  {
    path: ['connections', 'update'],
    summary: "Change a connection's name, kind, address or user.",
    usage: '--connection NAME [--name NEW] [--kind KIND] [--address ADDR] [--user USER]',
    options: { connection: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, address: { type: 'string' }, user: { type: 'string' } },
    async run(context, values) {
      const id = await connectionIdByName(context, required(values, 'connection'));
      const changes = {
        ...(typeof values.name === 'string' ? { name: values.name } : {}),
        ...(typeof values.kind === 'string' ? { kind: kindOf(values.kind) } : {}),
        ...(typeof values.address === 'string' ? { address: values.address } : {}),
        ...(typeof values.user === 'string' ? { userName: values.user } : {}),
      };
      if (Object.keys(changes).length === 0) throw new UsageError('nothing to change: give --name, --kind, --address or --user');
      const connection = await context.invoke('connections:update', { id, changes });
      context.io.out(context.json ? json(connection) : `updated connection ${connection.name}\n`);
      return 0;
    },
  },
  {
    path: ['connections', 'remove'],
    summary: 'Remove a connection and delete its secret from the keychain.',
    usage: '--connection NAME',
    options: { connection: { type: 'string' } },
    async run(context, values) {
      const name = required(values, 'connection');
      await context.invoke('connections:remove', { id: await connectionIdByName(context, name) });
      context.io.out(`removed connection ${name}\n`);
      return 0;
    },
  },
];
