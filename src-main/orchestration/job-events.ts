// Job progress and estate changes to subscribers: coalesced to ≤ ~20 per second per job,
// published from timers so a slow subscriber never holds up the engine.
import type { EventHub } from '../application/events.ts';
import type { JobProgress } from '../contract/jobs.ts';
import { isDone, isLeaf, type Job, type StepNode } from '../domain/jobs/job-model.ts';
import { Coalescer } from './coalescer.ts';

/**
 * A job's leaves, found once per step tree: the tree's shape never changes while it runs (only statuses do),
 * so a payload built every 50 ms walks the leaves alone, not every container again.
 */
const leavesByTree = new WeakMap<readonly StepNode[], StepNode[]>();
function leavesOf(steps: readonly StepNode[]): StepNode[] {
  let leaves = leavesByTree.get(steps);
  if (!leaves) {
    leaves = steps.filter(isLeaf);
    leavesByTree.set(steps, leaves);
  }
  return leaves;
}

export class JobEvents {
  readonly #progress: Coalescer<string, JobProgress>;
  readonly #estateChanges: Coalescer<'estate', { itemIds: string[] }>;
  readonly #changedItems = new Set<string>();

  constructor(events: EventHub) {
    this.#progress = new Coalescer(50, (_jobId, payload) => events.publish('jobs:progress', payload));
    this.#estateChanges = new Coalescer(50, (_key, payload) => events.publish('estate:changed', payload));
  }

  transition(job: Job, node: StepNode, changedItemIds: readonly string[]): void {
    this.progress(job, node);
    if (changedItemIds.length === 0) return;
    for (const id of changedItemIds) this.#changedItems.add(id);
    this.#estateChanges.notify('estate', () => {
      const itemIds = [...this.#changedItems];
      this.#changedItems.clear();
      return { itemIds };
    });
  }

  /** The payload is built when published, so it carries the latest state. */
  progress(job: Job, node?: StepNode): void {
    // The step as it was at this transition (committed by then), not as it is when the payload is built: a coalesced
    // payload is built later, when the step may have moved on, and would report a status it never published.
    const step = node ? { id: node.id, label: node.label, status: node.status, ...(node.itemId ? { itemId: node.itemId } : {}) } : undefined;
    this.#progress.notify(job.id, () => {
      const leaves = leavesOf(job.steps);
      let stepsDone = 0;
      for (const leaf of leaves) if (isDone(leaf.status) || leaf.status === 'failed') stepsDone += 1;
      const payload: JobProgress = {
        jobId: job.id,
        status: job.status,
        phase: job.phase,
        progress: leaves.length === 0 ? 0 : Math.round((stepsDone / leaves.length) * 1000) / 10,
        stepsDone,
        stepsTotal: leaves.length,
      };
      if (step) payload.step = step;
      return payload;
    });
  }

  close(): void {
    this.#progress.close();
    this.#estateChanges.close();
  }
}
