// What changed in a job since an instant (engine clock): the steps that started or ended, and the cleanup
// entries created or deleted, at or after it. Lets a live view of a 2,000-machine job fetch kilobytes a
// second instead of its whole tree. Transitions that carry no time (skipped, reopened) are picked up by a
// full read when the job comes to rest.
import type { CleanupEntry, Job, StepNode } from './job-model.ts';

export interface JobDelta {
  steps: StepNode[];
  cleanup: CleanupEntry[];
}

export function changesSince(job: Pick<Job, 'steps' | 'cleanup'>, since: string): JobDelta {
  const after = (time: string | undefined) => time !== undefined && time >= since;
  return {
    steps: job.steps.filter((node) => after(node.startedAt) || after(node.endedAt)),
    cleanup: job.cleanup.filter((entry) => after(entry.createdAt) || after(entry.deletedAt)),
  };
}
