import type { secretsChannels } from '../../contract/secrets.ts';
import { findConnection } from '../../secrets/connections.ts';
import type { HandlersFor } from './types.ts';

// The secret is taken from the input, handed to the keychain and dropped: it is never echoed, logged or stored elsewhere.
export const secretsHandlers: HandlersFor<keyof typeof secretsChannels> = {
  'secrets:set': async (input, app) => {
    const connection = findConnection(app.db, input.connectionId);
    await app.keychain.set(connection.id, input.secret);
    app.events.publish('connections:changed', { connectionId: connection.id });
    return { stored: true };
  },
  'secrets:status': async (input, app) => {
    const connection = findConnection(app.db, input.connectionId);
    return { stored: await app.keychain.has(connection.id) };
  },
  'secrets:delete': async (input, app) => {
    const connection = findConnection(app.db, input.connectionId);
    const deleted = await app.keychain.delete(connection.id);
    app.events.publish('connections:changed', { connectionId: connection.id });
    return { deleted };
  },
  'keychain:status': (_input, app) => app.keychain.status(),
};
