import type { connectionsChannels, ConnectionSummary, SecretState } from '../../../contract/connections.ts';
import { AppError } from '../../../contract/errors.ts';
import type { AppContext } from '../../../composition/app-context.ts';
import type { HandlersFor } from './types.ts';

function assertSiteKnown(app: AppContext, siteId: string | null | undefined): void {
  if (siteId && !app.estate().sites.some((site) => site.id === siteId)) throw new AppError('NOT_FOUND', `There is no site "${siteId}".`);
}

export const connectionsHandlers: HandlersFor<keyof typeof connectionsChannels> = {
  'connections:list': async (_input, app) => {
    const connections = app.connections.list();
    // The list still answers without a keychain: the secret's state is then "unknown".
    const available = connections.length > 0 && (await app.keychain.status()).available;
    const summaries: ConnectionSummary[] = [];
    for (const connection of connections) {
      let secret: SecretState = 'unknown';
      if (available) {
        const stored = await app.keychain.has(connection.id).catch(() => null);
        secret = stored === null ? 'unknown' : stored ? 'stored' : 'missing';
      }
      summaries.push({ ...connection, secret });
    }
    return summaries;
  },
  'connections:add': (input, app) => {
    assertSiteKnown(app, input.siteId);
    const connection = app.connections.add(input, app.clock.now());
    app.events.publish('connections:changed', { connectionId: connection.id });
    return connection;
  },
  'connections:update': (input, app) => {
    assertSiteKnown(app, input.changes.siteId);
    const connection = app.connections.update(input.id, input.changes, app.clock.now());
    app.events.publish('connections:changed', { connectionId: connection.id });
    return connection;
  },
  'connections:remove': async (input, app) => {
    const connection = app.connections.find(input.id);
    // The secret goes first: if the keychain is unavailable the connection stays, rather than orphaning its secret.
    await app.keychain.delete(connection.id);
    app.connections.remove(connection.id);
    app.events.publish('connections:changed', { connectionId: connection.id });
    return { removed: true };
  },
};
