import { z } from 'zod';
import { OpaqueId } from '../domain/model/opaque-id.ts';
import { CONNECTION_KINDS, type Connection } from '../domain/model/connection.ts';
import { channel, event, returns } from './define.ts';

// The connection record is the domain's (the connection store speaks it too); the wire carries it as it is.
export { CONNECTION_KINDS, type Connection } from '../domain/model/connection.ts';

export const ConnectionKind = z.enum(CONNECTION_KINDS);
export type ConnectionKind = z.infer<typeof ConnectionKind>;

const id = OpaqueId;

export const ConnectionDraft = z.strictObject({
  name: z.string().trim().min(1).max(80),
  kind: ConnectionKind,
  /** Host name, URL or subscription id of the endpoint. */
  address: z.string().trim().min(1).max(255),
  userName: z.string().trim().min(1).max(255),
  siteId: id.nullable().optional(),
});
export type ConnectionDraft = z.infer<typeof ConnectionDraft>;

/** `unknown` when the keychain cannot be asked (the list still works without it). */
export type SecretState = 'stored' | 'missing' | 'unknown';

export interface ConnectionSummary extends Connection {
  secret: SecretState;
}

export const connectionsChannels = {
  'connections:list': channel({
    input: z.strictObject({}),
    output: returns<ConnectionSummary[]>(),
    summary: 'Every fabric connection with whether its secret is in the keychain (never the secret).',
  }),
  'connections:add': channel({
    input: ConnectionDraft,
    output: returns<Connection>(),
    summary: 'Adds a fabric connection (its secret is set separately with secrets:set).',
  }),
  'connections:update': channel({
    input: z.strictObject({ id, changes: ConnectionDraft.partial().strict() }),
    output: returns<Connection>(),
    summary: "Changes a connection's name, kind, address or user name.",
  }),
  'connections:remove': channel({
    input: z.strictObject({ id }),
    output: returns<{ removed: true }>(),
    summary: 'Removes a connection and deletes its secret from the keychain.',
  }),
};

export const connectionsEvents = {
  'connections:changed': event({ payload: returns<{ connectionId: string }>(), summary: 'A connection or the state of its secret changed.' }),
};
