// What needs the operator, for the top of the dashboard: jobs waiting for a decision, jobs that failed and
// that no later job has taken over, and machines running nowhere (shut down at their source and not started
// anywhere, R7). Each entry says what to do. Computed by the engine; the renderer only shows it.
import type { JobSummary } from '../jobs/job-model.ts';
import type { ProtectedItem } from '../model/estate.ts';

export type AttentionEntry =
  | { kind: 'job'; job: JobSummary; action: string }
  | { kind: 'machine'; itemId: string; name: string; jobId: string | null; action: string };

const WAITING_ACTIONS: Record<NonNullable<JobSummary['phase']>, string> = {
  'complete-test': 'Check the test machines, then complete the test: its machines and networks are deleted (R10).',
  'manual-action': 'Do the manual action the plan asks for, then confirm it.',
  'complete-failover': 'Check the machines at the target, then complete the failover.',
  'step-decision': 'A step needs you: retry it or, if you did it by hand, mark it done.',
};

const STOPPED_PART_WAY = new Set<JobSummary['status']>(['failed', 'partially-succeeded']);

const FAILED_ACTION = 'Open it: retry the failed steps, or mark done what you did by hand.';
const OFF_ACTION = 'Running nowhere: retry or finish the job that shut it down, or start it again at its source.';

/**
 * `jobs` newest first (at least every job not finished, and the recent finished ones); `items` the estate's.
 * A failed or partly succeeded job needs the operator until a later job takes any of its machines over.
 */
export function needsOperator(jobs: readonly JobSummary[], items: readonly ProtectedItem[]): AttentionEntry[] {
  const waiting: AttentionEntry[] = [];
  const failed: AttentionEntry[] = [];
  const later = new Set<string>(); // machines a newer job took over (a test failover leaves them where they are)
  const lastJob = new Map<string, JobSummary>(); // the newest job that acted on each machine
  const busy = new Set<string>(); // machines an unfinished job holds: off for a reason someone is dealing with
  for (const job of jobs) {
    if (job.status === 'waiting-for-operator') waiting.push({ kind: 'job', job, action: job.phase ? WAITING_ACTIONS[job.phase] : FAILED_ACTION });
    if ((job.status === 'failed' || job.status === 'partially-succeeded') && !job.itemIds.some((itemId) => later.has(itemId))) {
      failed.push({ kind: 'job', job, action: FAILED_ACTION });
    }
    const unfinished = job.status === 'queued' || job.status === 'running' || job.status === 'waiting-for-operator';
    for (const itemId of job.itemIds) {
      if (unfinished) busy.add(itemId);
      if (job.operation === 'test-failover' || job.status === 'cancelled') continue;
      later.add(itemId);
      if (!lastJob.has(itemId)) lastJob.set(itemId, job);
    }
  }
  // Off because a job stopped part-way (R7), not a machine someone keeps off on purpose.
  const off: AttentionEntry[] = items.flatMap((item): AttentionEntry[] => {
    const last = lastJob.get(item.id);
    if (item.powerState !== 'off' || busy.has(item.id) || !last || !STOPPED_PART_WAY.has(last.status)) return [];
    return [{ kind: 'machine', itemId: item.id, name: item.name, jobId: last.id, action: OFF_ACTION }];
  });
  return [...waiting, ...failed, ...off];
}
