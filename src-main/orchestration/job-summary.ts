// Figures reported with a finished (or waiting) job: per item outcome and, after a failover or a failback, the
// recovery point used and R6's data-loss window.
import type { Job, JobStatus, JobSummary, StepNode } from '../domain/jobs/job-model.ts';
import type { Outcome } from './job-runner.ts';

/** Where a run of the tree leaves the job: R5 stops at an error, R6 runs on and ends partially succeeded. */
export function finalStatus(job: Job, outcome: Outcome): JobStatus {
  if (outcome === 'waiting') return 'waiting-for-operator';
  if (outcome === 'stopped') return 'cancelled';
  if (job.forced) return 'completed-by-force';
  if (outcome === 'ok') return 'succeeded';
  const itemsSucceeded = job.steps.some((node) => node.kind === 'item' && node.status === 'succeeded');
  return job.failurePolicy === 'continue' && itemsSucceeded ? 'partially-succeeded' : 'failed';
}

export function waitingPhase(steps: readonly StepNode[]): JobSummary['phase'] {
  const waiting = [...steps].sort((a, b) => a.ordinal - b.ordinal).find((node) => node.status === 'waiting');
  if (!waiting) return null;
  return waiting.gate ?? 'step-decision';
}

export function jobSummaryFigures(job: Job): Record<string, unknown> {
  const items: Record<string, Record<string, unknown>> = {};
  let maxDataLossSeconds: number | undefined;
  for (const node of job.steps) {
    if (node.kind === 'item' && node.itemId) items[node.itemId] = { ...items[node.itemId], status: node.status };
    if (node.op === 'create-replica' && node.itemId && node.status === 'succeeded' && node.result) {
      const { recoveryPointId, recoveryPointTime, dataLossSeconds, synced } = node.result;
      items[node.itemId] = { ...items[node.itemId], recoveryPointId, recoveryPointTime, dataLossSeconds, synced };
      if (typeof dataLossSeconds === 'number') maxDataLossSeconds = Math.max(maxDataLossSeconds ?? 0, dataLossSeconds);
    }
    // R15: a failback from Azure starts the machine from its final synchronisation after shutdown (failback-point.ts):
    // that is the point it used, taken when the step ended, and nothing was lost.
    if (node.op === 'failback-final-delta' && node.itemId && node.status === 'succeeded') {
      items[node.itemId] = { ...items[node.itemId], recoveryPoint: 'final-synchronisation', recoveryPointTime: node.endedAt, dataLossSeconds: 0, synced: true };
      maxDataLossSeconds = Math.max(maxDataLossSeconds ?? 0, 0);
    }
  }
  const counts: Record<string, number> = {};
  for (const entry of Object.values(items)) counts[String(entry.status)] = (counts[String(entry.status)] ?? 0) + 1;
  return { items, itemCounts: counts, ...(maxDataLossSeconds !== undefined ? { maxDataLossSeconds } : {}) };
}
