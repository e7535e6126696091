// The one contract between the main process and every client (preload, renderer, web host, tests).
// Handlers, the preload bridge and the renderer's client are all derived from these objects.
import type { z } from 'zod';
import type { ChannelSpec, EventSpec, Phantom } from './define.ts';
import type { Envelope } from './errors.ts';
import { certificatesChannels, certificatesEvents } from './certificates.ts';
import { connectionsChannels, connectionsEvents } from './connections.ts';
import { estateChannels } from './estate.ts';
import { preferencesChannels, preferencesEvents } from './preferences.ts';
import { rulesChannels } from './rules.ts';
import { scriptsChannels } from './scripts.ts';
import { secretsChannels } from './secrets.ts';
import { sitesChannels, sitesEvents } from './sites.ts';
import { jobsChannels, jobsEvents } from './jobs.ts';
import { labChannels, labEvents } from './lab.ts';
import { auditChannels, auditEvents } from './audit.ts';
import { planEditorChannels } from './plan-editor.ts';
import { wizardChannels } from './wizard.ts';
import { dashboardChannels } from './dashboard.ts';

export const channels = {
  ...sitesChannels,
  ...preferencesChannels,
  ...estateChannels,
  ...rulesChannels,
  ...scriptsChannels,
  ...connectionsChannels,
  ...secretsChannels,
  ...certificatesChannels,
  ...jobsChannels,
  ...labChannels,
  ...auditChannels,
  ...planEditorChannels,
  ...wizardChannels,
  ...dashboardChannels,
} satisfies Record<string, ChannelSpec>;

export const events = {
  ...sitesEvents,
  ...preferencesEvents,
  ...connectionsEvents,
  ...certificatesEvents,
  ...jobsEvents,
  ...labEvents,
  ...auditEvents,
} satisfies Record<string, EventSpec>;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type EventName = keyof typeof events;

/** What a caller passes (before defaults are applied). */
export type InputOf<C extends Channel> = z.input<Channels[C]['input']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedInputOf<C extends Channel> = z.output<Channels[C]['input']>;
export type OutputOf<C extends Channel> = Channels[C]['output'] extends Phantom<infer T> ? T : never;
export type PayloadOf<E extends EventName> = (typeof events)[E]['payload'] extends Phantom<infer T> ? T : never;

export const CHANNEL_NAMES = Object.keys(channels) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** The surface the preload exposes as `window.api` (and the web transport imitates). */
export interface BridgeApi {
  invoke: { [C in Channel]: (input: InputOf<C>) => Promise<Envelope<OutputOf<C>>> };
  subscribe: { [E in EventName]: (listener: (payload: PayloadOf<E>) => void) => () => void };
}
