import { z } from 'zod';
import { OpaqueId } from '../domain/model/opaque-id.ts';
import { ESTATE_LIMITS } from '../domain/model/estate.ts';
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
  'resynchronize',
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

// Ids are opaque (an Azure resource id is several hundred characters).
const id = OpaqueId;
const mode = z.enum(['once', 'always']).default('always');
/** How many calls a counted fault answers before it is spent. */
const calls = z.number().int().min(1).max(1_000).default(1);

export const FaultSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('site-unreachable'), siteId: id }),
  z.strictObject({ kind: z.literal('operation-fails'), itemId: id, operation: LabOperation, mode }),
  z.strictObject({ kind: z.literal('boot-failure'), itemId: id, mode }),
  z.strictObject({ kind: z.literal('replication-lag'), itemId: id, seconds: z.number().positive().max(30 * 86_400) }),
  /** The operation is accepted and then runs until it is cancelled (a hung remote job). */
  z.strictObject({ kind: z.literal('hang'), itemId: id, operation: LabOperation }),
  z.strictObject({ kind: z.literal('missing-switch'), hostId: id, switchName: z.string().min(1).max(120) }),
  /** `start` answers `throttled` (with retry-after) for the next `calls` calls on the item. */
  z.strictObject({ kind: z.literal('throttled'), itemId: id, calls, retryAfterMs: z.number().int().min(0).max(600_000).default(1_000) }),
  /** `start` answers `transient` for the next `calls` calls of the operation on the item. */
  z.strictObject({ kind: z.literal('transient'), itemId: id, operation: LabOperation, calls }),
  /** The operation takes `seconds` real seconds longer (whatever the time scale). */
  z.strictObject({ kind: z.literal('slow'), itemId: id, operation: LabOperation, seconds: z.number().positive().max(3_600) }),
  /** The operation's effect is applied, but it reports `failed` (a remote job that failed halfway). */
  z.strictObject({ kind: z.literal('partial-failure'), itemId: id, operation: LabOperation, mode }),
  /** The operation is applied and committed, but the answer to `start` (or to the poll that would report it) is lost. */
  z.strictObject({ kind: z.literal('lost-answer'), itemId: id, operation: LabOperation, on: z.enum(['start', 'poll']).default('start'), mode }),
]);
export type FaultSpec = z.infer<typeof FaultSpec>;

export interface LabSettings {
  /** Real seconds per simulated second: 0 = instant (tests); the default makes the biggest lab plan last about a minute. */
  timeScale: number;
  seed: number;
}

/** One entry of the lab fabric's operation log. */
export interface LabOpRecord {
  seq: number;
  key: string;
  operation: string;
  itemId: string | null;
  /** `ok` = applied and succeeded; `failed` = failed (a partial failure is `failed` too, with its effect applied). */
  outcome: 'ok' | 'failed' | 'running' | 'cancelled';
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
      // Checked whole by the engine once its relative times are resolved; its size is bounded here (docs/decisions.md "Bounds on every document that crosses IPC").
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
