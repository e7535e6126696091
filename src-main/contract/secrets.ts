import { z } from 'zod';
import { OpaqueId } from '../domain/model/opaque-id.ts';
import { channel, returns } from './define.ts';

const id = OpaqueId;

export interface KeychainStatus {
  available: boolean;
  backend: string;
  reason?: string;
  remedy?: string;
}

// A secret is accepted on input only: no reply, event, log line or error message carries it back.
// (dispatch.ts reports zod issues without the rejected values.)
export const secretsChannels = {
  'secrets:set': channel({
    input: z.strictObject({ connectionId: id, secret: z.string().min(1).max(8_192) }),
    output: returns<{ stored: true }>(),
    summary: "Stores or replaces a connection's secret in the OS keychain.",
  }),
  'secrets:status': channel({
    input: z.strictObject({ connectionId: id }),
    output: returns<{ stored: boolean }>(),
    summary: "Whether a connection's secret is in the keychain.",
  }),
  'secrets:delete': channel({
    input: z.strictObject({ connectionId: id }),
    output: returns<{ deleted: boolean }>(),
    summary: "Deletes a connection's secret from the keychain.",
  }),
  'keychain:status': channel({
    input: z.strictObject({}),
    output: returns<KeychainStatus>(),
    summary: 'Whether the OS keychain can be used, and the remedy when it cannot.',
  }),
};
