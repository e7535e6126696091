// The renderer's typed client: the preload bridge in the desktop app, else the web transport.
// Only Pinia stores call it.
import type { Channel, EventName, InputOf, OutputOf, PayloadOf, BridgeApi } from '../../src-main/contract/index.ts';
import type { Envelope, ErrorCode } from '../../src-main/contract/errors.ts';
import { createWebBridge, onConnection as onWebConnection, type ConnectionState } from './web-bridge.ts';

export type { ConnectionState };

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
}

let bridge: BridgeApi | undefined;
function getBridge(): BridgeApi {
  bridge ??= window.api ?? createWebBridge();
  return bridge;
}

export async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const invoke = getBridge().invoke[channel] as unknown as (input: InputOf<C>) => Promise<Envelope<OutputOf<C>>>;
  const envelope = await invoke(input);
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.details);
  return envelope.result as OutputOf<C>;
}

export function on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>) => void): () => void {
  const subscribe = getBridge().subscribe[name] as unknown as (listener: (payload: PayloadOf<E>) => void) => () => void;
  return subscribe(listener);
}

/**
 * Hears whether the page hears its host. The desktop app's window lives and dies with its host (always
 * connected); the web host's page can lose it (web-bridge.ts).
 */
export function onConnection(listener: (state: ConnectionState, resumed: boolean) => void): () => void {
  if (window.api) {
    listener('connected', false);
    return () => undefined;
  }
  return onWebConnection(listener);
}
