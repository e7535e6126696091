// Pure helpers for operator decisions on a job's step tree (retry, mark done).
import { isDone, isLeaf, type Job, type StepNode } from '../domain/jobs/job-model.ts';

/**
 * R5: the failed (or interrupted) leaves a retry re-runs. Steps before a gate the operator already passed stay
 * as they are: after Complete Test, a retry must not create test machines the cleanup has gone past (R10).
 */
export function retryableSteps(job: Job): StepNode[] {
  return retryCandidates(job).filter((node) => !mayHaveRun(node));
}

/**
 * Scripts a crash interrupted: they may already have run and have no idempotency key, so a plain Retry leaves them
 * out; the operator retries each on its own, knowingly, or marks it done (docs/decisions.md, "Retry leaves out
 * scripts that may already have run").
 */
export function mayHaveRunSteps(job: Job): StepNode[] {
  return retryCandidates(job).filter(mayHaveRun);
}

export function mayHaveRun(node: StepNode): boolean {
  return node.status === 'waiting' && node.op === 'script';
}

function retryCandidates(job: Job): StepNode[] {
  const passedGate = Math.max(-1, ...job.steps.filter((node) => node.gate && node.gate !== 'manual-action' && isDone(node.status)).map((node) => node.ordinal));
  return job.steps.filter((node) => isLeaf(node) && !node.gate && node.ordinal > passedGate && ((node.status === 'failed' && !node.optional) || node.status === 'waiting'));
}

/** A fabric step waiting with an unknown outcome (timed out) is retried with its key unchanged. */
export function sameKeyOnRetry(node: StepNode): boolean {
  return node.status === 'waiting' && node.op !== undefined && node.op !== 'script';
}

/** After a step is retried or done by hand: its item's skipped steps and its finished ancestors run again. */
export function reopenAfter(job: Job, node: StepNode): StepNode[] {
  const byId = new Map(job.steps.map((candidate) => [candidate.id, candidate]));
  const changed: StepNode[] = [];
  for (const sibling of job.steps) {
    if (sibling.parentId === node.parentId && sibling.status === 'skipped') {
      sibling.status = 'pending';
      changed.push(sibling);
    }
  }
  for (let parent = node.parentId ? byId.get(node.parentId) : undefined; parent; parent = parent.parentId ? byId.get(parent.parentId) : undefined) {
    if (parent.status === 'failed' || parent.status === 'succeeded') {
      parent.status = 'running';
      delete parent.endedAt;
      changed.push(parent);
    }
  }
  return changed;
}

/** Machines whose shutdown succeeded but whose replica has not been started (R7: never abandoned half-way). */
export function partWayItems(job: Job): string[] {
  const shutDown = new Set<string>();
  const started = new Set<string>();
  const starts = new Set<string>();
  for (const node of job.steps) {
    if (!node.itemId || !isLeaf(node)) continue;
    if (node.op === 'shutdown' && (node.status === 'succeeded' || node.status === 'done-by-operator')) shutDown.add(node.itemId);
    if (node.op === 'start-replica') {
      starts.add(node.itemId);
      if (node.status === 'succeeded' || node.status === 'done-by-operator') started.add(node.itemId);
    }
  }
  return [...shutDown].filter((itemId) => starts.has(itemId) && !started.has(itemId));
}
