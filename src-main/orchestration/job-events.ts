// Job progress and estate changes to subscribers: coalesced to ≤ ~20 per second per job,
// published from timers so a slow subscriber never holds up the engine.
import type { EventHub } from '../application/events.ts';
import type { JobProgress } from '../contract/jobs.ts';
import { endsForProgress, isLeaf, progressPercent, type Job, type StepNode } from '../domain/jobs/job-model.ts';
import { Coalescer } from './coalescer.ts';

/**
 * A job's progress, kept as its transitions arrive (constant work per transition, however large the job):
 * the tree's shape never changes while it runs, only statuses do. Counted from the whole tree again only
 * after a change that came without a transition (an operator's decision, the job's end).
 */
interface Tally {
  /** The tree counted (its identity: a job whose tree was replaced is counted again). */
  steps: readonly StepNode[];
  total: number;
  ended: Set<string>;
}

/** Counts `committed` (the tree's steps as last committed: memory may be a write ahead) under `steps`. */
function countAll(steps: readonly StepNode[], committed: readonly StepNode[]): Tally {
  const tally: Tally = { steps, total: 0, ended: new Set() };
  for (const node of committed) {
    if (!isLeaf(node)) continue;
    tally.total += 1;
    if (endsForProgress(node.status)) tally.ended.add(node.id);
  }
  return tally;
}

export class JobEvents {
  readonly #progress: Coalescer<string, JobProgress>;
  readonly #estateChanges: Coalescer<'estate', { itemIds: string[] }>;
  readonly #changedItems = new Set<string>();
  readonly #tallies = new Map<string, Tally>();

  /** A driven job's steps as committed (its runner's); a job nobody drives here is its own. */
  readonly #committed: (job: Job) => readonly StepNode[];

  constructor(events: EventHub, committed: (job: Job) => readonly StepNode[] = (job) => job.steps) {
    this.#committed = committed;
    this.#progress = new Coalescer(50, (_jobId, payload) => events.publish('jobs:progress', payload));
    this.#estateChanges = new Coalescer(50, (_key, payload) => events.publish('estate:changed', payload));
  }

  /** A step's committed transition: counted at once, published coalesced. */
  transition(job: Job, node: StepNode, changedItemIds: readonly string[]): void {
    const tally = this.#tallies.get(job.id);
    if (tally && tally.steps === job.steps && isLeaf(node)) {
      if (endsForProgress(node.status)) tally.ended.add(node.id);
      else tally.ended.delete(node.id);
    }
    this.#publishProgress(job, node);
    if (changedItemIds.length === 0) return;
    for (const id of changedItemIds) this.#changedItems.add(id);
    this.#estateChanges.notify('estate', () => {
      const itemIds = [...this.#changedItems];
      this.#changedItems.clear();
      return { itemIds };
    });
  }

  /** The job changed other than by a step's transition (a decision, its end): counted again when published. */
  progress(job: Job): void {
    this.#tallies.delete(job.id);
    this.#publishProgress(job);
  }

  /** The payload is built when published, so it carries the latest state. */
  #publishProgress(job: Job, node?: StepNode): void {
    // The step as it was at this transition (committed by then), not as it is when the payload is built: a coalesced
    // payload is built later, when the step may have moved on, and would report a status it never published.
    const step = node ? { id: node.id, label: node.label, status: node.status, ...(node.itemId ? { itemId: node.itemId } : {}) } : undefined;
    this.#progress.notify(job.id, () => {
      const tally = this.#tally(job);
      const stepsDone = tally.ended.size;
      const payload: JobProgress = {
        jobId: job.id,
        revision: job.revision,
        status: job.status,
        phase: job.phase,
        progress: progressPercent(stepsDone, tally.total),
        stepsDone,
        stepsTotal: tally.total,
      };
      // A job at rest is counted afresh if it moves again: nothing is kept for the thousands that never will.
      if (job.status !== 'running' && job.status !== 'queued') this.#tallies.delete(job.id);
      if (step) payload.step = step;
      return payload;
    });
  }

  /** The progress of a job this process drives, from its running count (what its progress events say). */
  progressOf(job: Job): number {
    const tally = this.#tally(job);
    return progressPercent(tally.ended.size, tally.total);
  }

  #tally(job: Job): Tally {
    let tally = this.#tallies.get(job.id);
    if (!tally || tally.steps !== job.steps) {
      tally = countAll(job.steps, this.#committed(job));
      this.#tallies.set(job.id, tally);
    }
    return tally;
  }

  /** This process stopped driving the job (it rests, or another process took it): its count is dropped. */
  forget(jobId: string): void {
    this.#tallies.delete(jobId);
  }

  close(): void {
    this.#tallies.clear();
    this.#progress.close();
    this.#estateChanges.close();
  }
}
