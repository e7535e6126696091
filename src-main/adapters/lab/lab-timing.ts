// Simulated durations of lab operations, deterministic from a seed: the same seed and idempotency key give
// the same duration, so a drill and a benchmark can be replayed exactly.
import { createHash } from 'node:crypto';
import type { LabOperation } from './lab-faults.ts';

/** Simulated seconds per operation before jitter; disk-bound ones scale with the item's disk size. */
export function baseSeconds(operation: LabOperation, diskGb: number, mode?: string): number {
  switch (operation) {
    case 'shutdown':
      return 30;
    case 'final-sync':
      return 10 + diskGb * 0.3;
    case 'create-replica':
      return 60;
    case 'start-replica':
      return 45;
    case 'change-recovery-point':
      return 40;
    case 'commit':
      return 10;
    case 'remove-recovery-points':
      return 5;
    case 'reverse-replication':
      return mode === 'full' ? diskGb * 2 : 60;
    case 'resynchronize':
      return 30 + diskGb * 0.5;
    case 'create-test-network':
      return 20;
    case 'delete-test-network':
      return 10;
    case 'create-test-machine':
      return 50;
    case 'start-test-machine':
      return 45;
    case 'delete-test-machine':
      return 15;
    case 'failback-snapshot':
      return diskGb * 1.5;
    case 'failback-final-delta':
      return mode === 'changed-blocks' ? 20 + diskGb * 0.2 : 40;
    case 'create-vm':
      return 60;
  }
}

/** A number in [0, 1) from the seed and a key. */
export function unitHash(seed: number, key: string): number {
  return createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** ±10 % jitter around the base duration. */
export function simulatedSeconds(seed: number, key: string, operation: LabOperation, diskGb: number, mode?: string): number {
  return baseSeconds(operation, diskGb, mode) * (0.9 + 0.2 * unitHash(seed, key));
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
