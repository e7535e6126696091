import { z } from 'zod';
import { OpaqueId } from '../engine/model/opaque-id.ts';
import { FaultSpec } from '../adapters/lab/lab-faults.ts';
import { ESTATE_LIMITS } from '../engine/model/estate.ts';
import type { LabOpRecord, LabSettings } from '../adapters/lab/lab-faults.ts';
import { channel, returns } from './define.ts';

export interface LabFaultView {
  id: number;
  kind: FaultSpec['kind'];
  description: string;
  createdAt: string;
}

export interface LabStatus {
  settings: LabSettings;
  faults: LabFaultView[];
}

export const labChannels = {
  'lab:fault': channel({
    input: z.union([FaultSpec, z.strictObject({ kind: z.literal('clear') }), z.strictObject({ kind: z.literal('list') })]),
    output: returns<LabStatus>(),
    summary: 'Injects a fault into the lab fabric (or clears or lists them).',
  }),
  'lab:reset': channel({
    input: z.strictObject({
      /** Another estate document to seed the lab with (drills, benchmarks); default: the built-in lab. */
      // Checked whole by the engine once its relative times are resolved; its size is bounded here (finding 14).
      estate: z
        .looseObject({
          sites: z.array(z.unknown()).max(ESTATE_LIMITS.sites).optional(),
          items: z.array(z.unknown()).max(ESTATE_LIMITS.items).optional(),
          plans: z.array(z.unknown()).max(ESTATE_LIMITS.plans).optional(),
        })
        .optional(),
      timeScale: z.number().min(0).max(100).optional(),
      seed: z.number().int().min(0).max(2 ** 31).optional(),
    }),
    output: returns<LabStatus>(),
    summary: 'Resets the lab fabric to its seed estate; refused while a job is unfinished.',
  }),
  'lab:ops': channel({
    input: z.strictObject({ itemId: OpaqueId.optional(), limit: z.number().int().min(1).max(100_000).optional() }),
    output: returns<LabOpRecord[]>(),
    summary: "The lab fabric's operation log: operation, item, idempotency key, time.",
  }),
};

export const labEvents = {};
