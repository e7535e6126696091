// The web host's transport, shaped exactly like the preload's bridge: the same envelope over
// POST /api/invoke, and contract events from the server-sent event stream /api/events.
// The token travels in an HttpOnly cookie the host set when it served this page.
import type { BridgeApi } from '../../src-main/contract/index.ts';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../src-main/contract/names.ts';
import { RENDERER_REQUEST_META } from '../../src-main/contract/version.ts';
import type { Envelope } from '../../src-main/contract/errors.ts';

async function post(channel: string, input: unknown): Promise<Envelope<unknown>> {
  let response: Response;
  try {
    response = await fetch('/api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      // `meta` is the request's one optional field beside the input (the client version for RequestContext).
      body: JSON.stringify({ channel, input: input ?? {}, meta: RENDERER_REQUEST_META }),
    });
  } catch {
    return { ok: false, error: { code: 'FABRIC_UNREACHABLE', message: 'The console host does not answer. Is it still running?' } };
  }
  try {
    return (await response.json()) as Envelope<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `The console host answered ${response.status} without a result.` } };
  }
}

let source: EventSource | undefined;
function eventSource(): EventSource {
  source ??= new EventSource('/api/events', { withCredentials: true });
  return source;
}

export function createWebBridge(): BridgeApi {
  const invoke = Object.fromEntries(CHANNEL_NAMES.map((channel) => [channel, (input: unknown) => post(channel, input)]));
  const subscribe = Object.fromEntries(
    EVENT_NAMES.map((name) => [
      name,
      (listener: (payload: unknown) => void) => {
        const forward = (event: MessageEvent<string>): void => listener(JSON.parse(event.data));
        eventSource().addEventListener(name, forward);
        return () => eventSource().removeEventListener(name, forward);
      },
    ]),
  );
  return { invoke, subscribe } as unknown as BridgeApi;
}
