import { z } from 'zod';
import { OpaqueId } from '../domain/model/opaque-id.ts';
import { RecoveryPlan as RecoveryPlanSchema, type RecoveryPlan } from '../domain/model/estate.ts';
import { channel, returns } from './define.ts';

const ref = OpaqueId;

export const planEditorChannels = {
  'plans:create': channel({
    input: z.strictObject({
      name: z.string().min(1).max(120),
      description: z.string().max(2_000).optional(),
      sourceSiteId: ref,
      targetSiteId: ref,
    }),
    output: returns<RecoveryPlan>(),
    summary: 'Creates a recovery plan with one empty group (INVALID_INPUT with the problems when it cannot).',
  }),
  'plans:update': channel({
    // The whole draft: the engine checks it as one (references, one group per machine, the plan's sites).
    input: z.strictObject({ plan: RecoveryPlanSchema }),
    output: returns<RecoveryPlan>(),
    summary: 'Saves an edited recovery plan: groups, their order, members and actions.',
  }),
  'plans:delete': channel({
    input: z.strictObject({ planId: ref }),
    output: returns<{ planId: string }>(),
    summary: 'Deletes a recovery plan (refused while one of its machines takes part in an unfinished job).',
  }),
};
