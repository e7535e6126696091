// Display names and badge tones for job statuses and operations (presentation only).
import { JOB_STATUSES, OPERATION_KINDS } from '../../../src-main/contract/pure.ts';
import type { JobStatus, JobSummary, OperationKind } from '../../../src-main/contract/wire.ts';
import type { StatusTone } from '../StatusTag.vue';
import { formatDateTime } from '../../utils/date-time.ts';

export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  'waiting-for-operator': 'Waiting for you',
  succeeded: 'Succeeded',
  'partially-succeeded': 'Partially succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  'completed-by-force': 'Completed by force',
};

export const JOB_STATUS_TONES: Record<JobStatus, StatusTone> = {
  queued: 'neutral',
  running: 'info',
  'waiting-for-operator': 'warning',
  succeeded: 'success',
  'partially-succeeded': 'warning',
  failed: 'error',
  cancelled: 'neutral',
  'completed-by-force': 'warning',
};

export const OPERATION_LABELS: Record<OperationKind, string> = {
  'test-failover': 'Test failover',
  'planned-failover': 'Planned failover',
  'unplanned-failover': 'Unplanned failover',
  commit: 'Commit',
  'change-recovery-point': 'Change recovery point',
  'reverse-replication': 'Reverse replication',
  failback: 'Failback',
  resynchronize: 'Resynchronize',
};

export const PHASE_LABELS: Record<NonNullable<JobSummary['phase']>, string> = {
  'complete-test': 'Complete testing',
  'complete-failover': 'Complete Failover',
  'manual-action': 'Manual action',
  'step-decision': 'A step needs your decision',
};

export const STATUS_OPTIONS = JOB_STATUSES.map((value) => ({ value, label: JOB_STATUS_LABELS[value] }));
export const OPERATION_OPTIONS = OPERATION_KINDS.map((value) => ({ value, label: OPERATION_LABELS[value] }));

/** A job's moments in the console's one date-time format: local, with the zone (utils/date-time.ts). */
export function formatTime(iso: string | undefined): string {
  return formatDateTime(iso);
}

/** R10: how a test went, as the operator who completed it judged it. */
export const VERDICT_LABELS: Record<NonNullable<JobSummary['verdict']>, string> = {
  passed: 'Test passed',
  'passed-with-issues': 'Passed with issues',
  failed: 'Test failed',
};

export const VERDICT_TONES: Record<NonNullable<JobSummary['verdict']>, StatusTone> = {
  passed: 'success',
  'passed-with-issues': 'warning',
  failed: 'error',
};
