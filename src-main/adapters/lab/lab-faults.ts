// Fault injection for the lab fabric, so drills can rehearse what goes wrong: a site outage, an operation failing for an item (once or
// always), a boot failure, replication lag, a hung operation (running until cancelled), a host missing a
// virtual switch (R16) — and the ways a remote service misbehaves (docs/decisions.md "The lab as a separate
// fabric service"): throttling with a retry-after, transient failures, slow operations, partial failures
// (applied in part, then failed) and lost answers (applied and committed, but the reply never arrives).
import { z } from 'zod';
import type { ProtectedItem } from '../../domain/model/estate.ts';
import { OpaqueId } from '../../domain/model/opaque-id.ts';
import { isReplicating } from './lab-replication.ts';

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
export const LabOperation = z.enum(LAB_OPERATIONS);
export type LabOperation = z.infer<typeof LabOperation>;

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
export type FaultKind = FaultSpec['kind'];

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

export interface ActiveFault {
  id: number;
  spec: FaultSpec;
  createdAt: string;
  /** Counted faults (throttled, transient): calls left before it is spent. */
  remaining: number | null;
}

/** The fault that makes `operation` on `itemId` fail when it is applied, if any (boot failures hit the starts). */
export function failingFault(faults: readonly ActiveFault[], operation: LabOperation, itemId: string | undefined): ActiveFault | undefined {
  if (!itemId) return undefined;
  return faults.find(({ spec }) => {
    if (spec.kind === 'operation-fails') return spec.itemId === itemId && spec.operation === operation;
    if (spec.kind === 'boot-failure') return spec.itemId === itemId && (operation === 'start-replica' || operation === 'start-test-machine');
    return false;
  });
}

/** A fault of `kind` aimed at this operation on this item (throttling aims at every operation on the item). */
export function faultFor<K extends FaultKind>(faults: readonly ActiveFault[], kind: K, operation: LabOperation, itemId: string | undefined): ActiveFault | undefined {
  if (!itemId) return undefined;
  return faults.find(({ spec }) => spec.kind === kind && 'itemId' in spec && spec.itemId === itemId && (!('operation' in spec) || spec.operation === operation));
}

/** Seconds of replication lag injected for an item (the newest points are that much older). */
function injectedLagSeconds(faults: readonly ActiveFault[], itemId: string): number {
  let lag = 0;
  for (const { spec } of faults) if (spec.kind === 'replication-lag' && spec.itemId === itemId) lag = Math.max(lag, spec.seconds);
  return lag;
}

/**
 * R6: how far behind replication of `item` is: an injected lag holds the newest points back, and a source site
 * that cannot be reached produces no new point from the moment it went down (the data-loss window grows with
 * the outage). A machine that does not replicate (failed over, its points frozen for R7) is behind on nothing.
 */
export function lagSeconds(faults: readonly ActiveFault[], item: ProtectedItem, now: Date): number {
  if (!isReplicating(item)) return 0;
  let lag = injectedLagSeconds(faults, item.id);
  for (const { spec, createdAt } of faults) {
    if (spec.kind !== 'site-unreachable' || spec.siteId !== item.activeSiteId) continue;
    lag = Math.max(lag, (now.getTime() - Date.parse(createdAt)) / 1000);
  }
  return lag;
}

export function describeFault(spec: FaultSpec): string {
  switch (spec.kind) {
    case 'site-unreachable':
      return `site ${spec.siteId} is unreachable`;
    case 'operation-fails':
      return `${spec.operation} fails for ${spec.itemId} (${spec.mode})`;
    case 'boot-failure':
      return `${spec.itemId} fails to boot (${spec.mode})`;
    case 'replication-lag':
      return `replication of ${spec.itemId} lags ${spec.seconds} s`;
    case 'hang':
      return `${spec.operation} hangs for ${spec.itemId} until cancelled`;
    case 'missing-switch':
      return `host ${spec.hostId} has no virtual switch "${spec.switchName}"`;
    case 'throttled':
      return `calls for ${spec.itemId} are throttled ${spec.calls} time(s), retry after ${spec.retryAfterMs} ms`;
    case 'transient':
      return `${spec.operation} fails transiently for ${spec.itemId} ${spec.calls} time(s)`;
    case 'slow':
      return `${spec.operation} takes ${spec.seconds} s longer for ${spec.itemId}`;
    case 'partial-failure':
      return `${spec.operation} fails halfway for ${spec.itemId}, its effect applied (${spec.mode})`;
    case 'lost-answer':
      return `the answer to ${spec.on === 'start' ? 'starting' : 'polling'} ${spec.operation} for ${spec.itemId} is lost (${spec.mode})`;
  }
}
