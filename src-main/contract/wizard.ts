import { z } from 'zod';
import { OpaqueId } from '../domain/model/opaque-id.ts';
import { OperationScope } from '../domain/model/operation.ts';
import { channel, returns } from './define.ts';

/** R16: a host of the failback target, and whether the machines can fail back to it. */
export interface AlternateHostOption {
  hostId: string;
  name: string;
  siteId: string;
  virtualSwitches: string[];
  available: boolean;
  /** The first failing R16 check, or what happens there. */
  reason: string;
}

const id = OpaqueId;

export const wizardChannels = {
  'failback:hosts': channel({
    input: z.strictObject({ scope: OperationScope, direction: z.strictObject({ sourceSiteId: id, targetSiteId: id }).optional() }),
    output: returns<AlternateHostOption[]>(),
    summary: "R16: the hosts a failback could use as an alternate location, each available or not with the reason.",
  }),
};
