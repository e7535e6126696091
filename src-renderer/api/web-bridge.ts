// The web host's transport, shaped exactly like the preload's bridge: the same envelope over
// POST /api/invoke, and contract events from the server-sent event stream /api/events.
// The token travels in an HttpOnly cookie the host set when it served this page.
import type { BridgeApi } from '../../src-main/contract/index.ts';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../src-main/contract/names.ts';
import { RENDERER_REQUEST_META } from '../../src-main/contract/version.ts';
import type { Envelope } from '../../src-main/contract/errors.ts';
import { HEARTBEAT_EVENT, SILENT_AFTER_MS } from '../../src-main/contract/heartbeat.ts';

export const SESSION_ENDED = 'This page’s session with the console host ended: the host was restarted. Open the URL it printed when it started (it carries a new token).';

async function post(channel: string, input: unknown, signal?: AbortSignal): Promise<Envelope<unknown>> {
  let response: Response;
  try {
    response = await fetch('/api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      ...(signal ? { signal } : {}),
      // `meta` is the request's one optional field beside the input (the client version for RequestContext).
      body: JSON.stringify({ channel, input: input ?? {}, meta: RENDERER_REQUEST_META }),
    });
  } catch {
    return { ok: false, error: { code: 'FABRIC_UNREACHABLE', message: 'The console host does not answer. Is it still running?' } };
  }
  // The host no longer knows this page's token: it was restarted, with a new one in the URL it printed.
  if (response.status === 401) return { ok: false, error: { code: 'UNAUTHORIZED', message: SESSION_ENDED } };
  try {
    return (await response.json()) as Envelope<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `The console host answered ${response.status} without a result.` } };
  }
}

/**
 * The stream to the host, watched: silent for SILENT_AFTER_MS (no heartbeat, no event) or broken, the page is
 * `reconnecting` and a new stream is opened every second; refused with 401, the host was restarted (a new
 * token) and only the URL it printed gets back in. Listeners registered on the stream move to each new one.
 */
export type ConnectionState = 'connected' | 'reconnecting' | 'session-ended';

let source: EventSource | undefined;
let state: ConnectionState = 'connected';
let lastHeard = Date.now();
let watch: ReturnType<typeof setInterval> | undefined;
const listeners = new Map<string, Set<(event: MessageEvent<string>) => void>>();
const connectionListeners = new Set<(state: ConnectionState, resumed: boolean) => void>();

function setState(next: ConnectionState): void {
  if (next === state) return;
  const resumed = state !== 'connected' && next === 'connected';
  state = next;
  for (const listener of connectionListeners) listener(next, resumed);
}

function heard(): void {
  lastHeard = Date.now();
  setState('connected');
}

function open(): EventSource {
  const stream = new EventSource('/api/events', { withCredentials: true });
  stream.addEventListener('open', heard);
  stream.addEventListener(HEARTBEAT_EVENT, heard);
  for (const [name, forwards] of listeners) for (const forward of forwards) stream.addEventListener(name, forward);
  stream.addEventListener('error', () => {
    if (stream !== source) return;
    setState('reconnecting');
    // A stream the browser gave up on (an HTTP error such as 401) is not retried by it: ask the host why.
    if (stream.readyState === EventSource.CLOSED) void probe();
  });
  return stream;
}

let probing = false;

/** Whether the host still knows this page's session (a host restarted since has a new token): one probe at a time. */
async function probe(): Promise<void> {
  if (probing) return;
  probing = true;
  try {
    const reply = await post('estate:source', {}, AbortSignal.timeout(2_000));
    if (!reply.ok && reply.error.code === 'UNAUTHORIZED') setState('session-ended');
  } finally {
    probing = false;
  }
}

function eventSource(): EventSource {
  if (source) return source;
  source = open();
  lastHeard = Date.now();
  let lastTick = Date.now();
  watch ??= setInterval(() => {
    const now = Date.now();
    // A tick that comes late means this page was busy (or asleep), not that the host fell silent: look again.
    const late = now - lastTick > 1_000;
    lastTick = now;
    if (late) lastHeard = Math.max(lastHeard, now - SILENT_AFTER_MS + 500);
    if (state === 'session-ended' || now - lastHeard < SILENT_AFTER_MS) return;
    // Silent or broken: a new stream (the old one may hang on a host that stopped answering). A stream the host
    // refuses (401) ends CLOSED, and its error asks why.
    setState('reconnecting');
    source?.close();
    source = open();
    lastHeard = now - SILENT_AFTER_MS + 1_000; // the next attempt in a second, unless it opens
  }, 250);
  return source;
}

/** Hears the connection's state; `resumed` is true when it came back (a view then reads what it missed). */
export function onConnection(listener: (state: ConnectionState, resumed: boolean) => void): () => void {
  eventSource();
  connectionListeners.add(listener);
  listener(state, false);
  return () => connectionListeners.delete(listener);
}

export function createWebBridge(): BridgeApi {
  const invoke = Object.fromEntries(CHANNEL_NAMES.map((channel) => [channel, (input: unknown) => post(channel, input)]));
  const subscribe = Object.fromEntries(
    EVENT_NAMES.map((name) => [
      name,
      (listener: (payload: unknown) => void) => {
        const forward = (event: MessageEvent<string>): void => {
          heard();
          listener(JSON.parse(event.data));
        };
        let forwards = listeners.get(name);
        if (!forwards) listeners.set(name, (forwards = new Set()));
        forwards.add(forward);
        eventSource().addEventListener(name, forward);
        return () => {
          forwards.delete(forward);
          source?.removeEventListener(name, forward);
        };
      },
    ]),
  );
  return { invoke, subscribe } as unknown as BridgeApi;
}
