import { z } from 'zod';
import type { SiteKind } from '../domain/model/estate.ts';
import { channel, event, returns } from './define.ts';

export interface SiteSummary {
  id: string;
  name: string;
  kind: SiteKind;
  role: 'primary' | 'secondary' | 'cloud';
  location: string;
  reachable: boolean;
  hostCount: number;
  networkCount: number;
  protectedItemCount: number;
}

/**
 * Which estate the console is driving: the built-in lab (a simulation, for drills) or a named connection to a
 * real fabric. The renderer shows it on every page, so an operator never mistakes a drill for production.
 */
export type EstateSource =
  | { kind: 'lab'; /** The lab estate's own name (`resources/lab/estate.json`, or the one a reset seeded). */ estateName: string }
  | { kind: 'connection'; /** The connections whose fabrics serve the estate, by name. */ connectionNames: string[]; estateName: string };

export const sitesChannels = {
  'estate:source': channel({
    input: z.strictObject({}),
    output: returns<EstateSource>(),
    summary: 'Which estate the console drives: the built-in lab or named fabric connections.',
  }),
  'sites:list': channel({
    input: z.strictObject({}),
    output: returns<SiteSummary[]>(),
    summary: 'Every site of the estate with its kind and reachability.',
  }),
};

export const sitesEvents = {
  'sites:changed': event({ payload: returns<{ siteId: string }>(), summary: 'A site changed (reachability, hosts).' }),
};
