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

export const sitesChannels = {
  'sites:list': channel({
    input: z.strictObject({}),
    output: returns<SiteSummary[]>(),
    summary: 'Every site of the estate with its kind and reachability.',
  }),
};

export const sitesEvents = {
  'sites:changed': event({ payload: returns<{ siteId: string }>(), summary: 'A site changed (reachability, hosts).' }),
};
