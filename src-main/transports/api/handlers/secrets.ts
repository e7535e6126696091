import type { secretsChannels } from '../../../contract/secrets.ts';
import type { HandlersFor } from './types.ts';

// The secret is taken from the input, handed to the keychain and dropped: it is never echoed, logged or stored elsewhere.
// Storing and deleting one is audited (who, which connection; never the value) once the keychain has done it:
// the keychain shares no transaction with the database.
export const secretsHandlers: HandlersFor<keyof typeof secretsChannels> = {
  'secrets:set': async (input, app, context) => {
    const connection = app.connections.find(input.connectionId);
    await app.keychain.set(connection.id, input.secret);
    app.auditTrail.record(context, () => null, () => ({ action: 'secret.stored', details: { connectionId: connection.id } }));
    app.events.publish('connections:changed', { connectionId: connection.id });
    return { stored: true };
  },
  'secrets:status': async (input, app) => {
    const connection = app.connections.find(input.connectionId);
    return { stored: await app.keychain.has(connection.id) };
  },
  'secrets:delete': async (input, app, context) => {
    const connection = app.connections.find(input.connectionId);
    const deleted = await app.keychain.delete(connection.id);
    app.auditTrail.record(context, () => deleted, (done) => (done ? { action: 'secret.deleted', details: { connectionId: connection.id } } : null));
    app.events.publish('connections:changed', { connectionId: connection.id });
    return { deleted };
  },
  'keychain:status': (_input, app) => app.keychain.status(),
};
