// The renderer's typed client: the preload bridge in the desktop app, else the web transport.
// Only Pinia stores call it.
import type { Channel, EventName, InputOf, OutputOf, PayloadOf, BridgeApi } from '../../src-main/contract/index.ts';
import type { Envelope, ErrorCode } from '../../src-main/contract/errors.ts';
import { createWebBridge } from './web-bridge.ts';

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
