// How every list of recovery points reads (the machine page, Change recovery point, the unplanned and failback
// wizards): newest first, with its kind, its age and the one the replica runs from marked (R6, R7).
import type { RecoveryPoint } from '../../src-main/contract/wire.ts';
import { formatAge, formatDateTime } from './date-time.ts';

export const RECOVERY_POINT_KIND_LABELS: Record<RecoveryPoint['consistency'], string> = {
  crash: 'Crash-consistent',
  app: 'App-consistent',
};

export interface RecoveryPointRow {
  id: string;
  /** The ISO time, for a `<time datetime>`. */
  time: string;
  when: string;
  kind: string;
  age: string;
  /** The replica runs from this point (after a failover, until commit). */
  inUse: boolean;
  /** One line for a select: `Dec 3, 2026, 16:05:12 UTC · App-consistent · 12 min ago · in use`. */
  label: string;
}

export function recoveryPointRows(points: readonly RecoveryPoint[], inUseId: string | null | undefined, now: number): RecoveryPointRow[] {
  return [...points]
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
    .map((point) => {
      const row = {
        id: point.id,
        time: point.time,
        when: formatDateTime(point.time),
        kind: RECOVERY_POINT_KIND_LABELS[point.consistency],
        age: formatAge(point.time, now),
        inUse: point.id === inUseId,
      };
      return { ...row, label: [row.when, row.kind, row.age, ...(row.inUse ? ['in use'] : [])].join(' · ') };
    });
}
