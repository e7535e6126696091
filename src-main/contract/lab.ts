import { z } from 'zod';
import { ESTATE_LIMITS } from '../engine/model/estate.ts';
import { channel, returns } from './define.ts';

// The lab's fault vocabulary as the wire states it. The lab adapter keeps its own copy of the schema; the
// lab handler hands this parsed input to the adapter, so the typecheck fails if the two drift apart.
export const LAB_OPERATIONS = [
  'shutdown',
  'final-sync',
  'create-replica',
  'start-replica',
  'change-recovery-point',
  'commit',
  'remove-recovery-points',
  'reverse-replication',
  'create-test-network',
  'delete-test-network',
  'create-test-machine',
  'start-test-machine',
  'delete-test-machine',
  'failback-snapshot',
  'failback-final-delta',
  'create-vm',
] as const;
const LabOperation = z.enum(LAB_OPERATIONS);
const labId = z.string().min(1).max(64);
const faultMode = z.enum(['once', 'always']).default('always');

export const FaultSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('site-unreachable'), siteId: labId }),
  z.strictObject({ kind: z.literal('operation-fails'), itemId: labId, operation: LabOperation, mode: faultMode }),
  z.strictObject({ kind: z.literal('boot-failure'), itemId: labId, mode: faultMode }),
  z.strictObject({ kind: z.literal('replication-lag'), itemId: labId, seconds: z.number().positive().max(30 * 86_400) }),
  z.strictObject({ kind: z.literal('hang'), itemId: labId, operation: LabOperation }),
  z.strictObject({ kind: z.literal('missing-switch'), hostId: labId, switchName: z.string().min(1).max(120) }),
]);
export type FaultSpec = z.infer<typeof FaultSpec>;

export interface LabSettings {
  /** Real seconds per simulated second: 0 = instant (tests). */
  timeScale: number;
  seed: number;
}

/** One entry of the lab fabric's operation log. */
export interface LabOpRecord {
  seq: number;
  key: string;
  operation: string;
  itemId: string | null;
  outcome: 'ok' | 'failed';
  at: string;
}

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
    input: z.strictObject({ itemId: z.string().min(1).max(64).optional(), limit: z.number().int().min(1).max(100_000).optional() }),
    output: returns<LabOpRecord[]>(),
    summary: "The lab fabric's operation log: operation, item, idempotency key, time.",
  }),
};

export const labEvents = {};
