// Fault injection for the lab fabric (issue 4 §2, PRODUCT §6): site outage, an operation failing for an
// item (once or always), a boot failure, replication lag, an operation hanging until its timeout, and a
// host missing a virtual switch (R16).
import { z } from 'zod';

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
  'resynchronize',
] as const;
export const LabOperation = z.enum(LAB_OPERATIONS);
export type LabOperation = z.infer<typeof LabOperation>;

const id = z.string().min(1).max(64);
const mode = z.enum(['once', 'always']).default('always');

export const FaultSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('site-unreachable'), siteId: id }),
  z.strictObject({ kind: z.literal('operation-fails'), itemId: id, operation: LabOperation, mode }),
  z.strictObject({ kind: z.literal('boot-failure'), itemId: id, mode }),
  z.strictObject({ kind: z.literal('replication-lag'), itemId: id, seconds: z.number().positive().max(30 * 86_400) }),
  z.strictObject({ kind: z.literal('hang'), itemId: id, operation: LabOperation }),
  z.strictObject({ kind: z.literal('missing-switch'), hostId: id, switchName: z.string().min(1).max(120) }),
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
  outcome: 'ok' | 'failed';
  at: string;
}

export interface ActiveFault {
  id: number;
  spec: FaultSpec;
  createdAt: string;
}

/** The fault that makes `operation` on `itemId` fail now, if any (boot failures hit the starts). */
export function failingFault(faults: readonly ActiveFault[], operation: LabOperation, itemId: string | undefined): ActiveFault | undefined {
  if (!itemId) return undefined;
  return faults.find(({ spec }) => {
    if (spec.kind === 'operation-fails') return spec.itemId === itemId && spec.operation === operation;
    if (spec.kind === 'boot-failure') return spec.itemId === itemId && (operation === 'start-replica' || operation === 'start-test-machine');
    return false;
  });
}

export function hangingFault(faults: readonly ActiveFault[], operation: LabOperation, itemId: string | undefined): ActiveFault | undefined {
  return faults.find(({ spec }) => spec.kind === 'hang' && spec.itemId === itemId && spec.operation === operation);
}

/** Seconds of replication lag injected for an item (the newest points are that much older). */
export function lagSeconds(faults: readonly ActiveFault[], itemId: string): number {
  let lag = 0;
  for (const { spec } of faults) if (spec.kind === 'replication-lag' && spec.itemId === itemId) lag = Math.max(lag, spec.seconds);
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
      return `${spec.operation} hangs for ${spec.itemId}`;
    case 'missing-switch':
      return `host ${spec.hostId} has no virtual switch "${spec.switchName}"`;
  }
}
