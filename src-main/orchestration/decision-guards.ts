// Which job a decision applies to, and whether it may: the job as persisted, at the revision the operator saw
// (compare-and-set), in the state the decision needs. The write itself checks the revision again in its
// transaction (job-write.ts); these refuse early, with the same sentence.
import { AppError } from '../contract/errors.ts';
import type { AuditSink, JobRepository } from '../domain/ports/job-persistence.ts';
import type { Job } from '../domain/jobs/job-model.ts';
import { decisionConflict, movedByEngine } from './decision-conflict.ts';

/** What the guards read: the job and, to say who decided first, the audit trail. */
export interface DecisionReads<Tx> {
  store: JobRepository<Tx>;
  audit: AuditSink<Tx>;
}

export function loadJob<Tx>(store: JobRepository<Tx>, jobId: string): Job {
  const job = store.get(jobId);
  if (!job) throw new AppError('NOT_FOUND', `There is no job ${jobId}.`);
  return job;
}

/** The job as persisted; CONFLICT (saying what changed it) when the operator decided on an older revision. */
export function loadJobAt<Tx>(reads: DecisionReads<Tx>, jobId: string, revision: number | undefined): Job {
  const job = loadJob(reads.store, jobId);
  if (revision !== undefined && revision !== job.revision) throw decisionConflict(reads, jobId, revision);
  return job;
}

export function waitingJob<Tx>(reads: DecisionReads<Tx>, jobId: string, revision: number | undefined): Job {
  const job = loadJobAt(reads, jobId, revision);
  if (job.status !== 'waiting-for-operator') throw new AppError('CONFLICT', `Job ${jobId} is not waiting for the operator (it is ${job.status}).`);
  return job;
}

/** A job at rest that can run again (retry, mark done): waiting, failed or partly failed. */
export function idleJob<Tx>(reads: DecisionReads<Tx>, jobId: string, revision: number | undefined): Job {
  const job = loadJobAt(reads, jobId, revision);
  if (job.status === 'running' || job.status === 'queued' || job.status === 'cancelled' || job.status === 'succeeded' || job.status === 'completed-by-force') {
    throw new AppError('CONFLICT', `Job ${jobId} is ${job.status}.`);
  }
  if (job.status !== 'waiting-for-operator') {
    // A finished job released its machines; another job may have taken them since (LOCK).
    const busy = reads.store.busyItemIds();
    const taken = job.itemIds.filter((id) => busy.has(id));
    if (taken.length > 0) throw new AppError('CONFLICT', `${taken.join(', ')} now take part in another unfinished job; finish it first.`);
  }
  return job;
}

/**
 * A cancel or a note without a revision (a script, the CLI without --revision) applies to the job as it is: when
 * the running job's own driver moved it on meanwhile (e.g. queued → running) it is taken again on the new
 * revision. Another operator's decision in between is still a CONFLICT.
 */
export async function onLatestRevision<Tx>(store: JobRepository<Tx>, jobId: string, decide: (revision: number) => Promise<Job>): Promise<Job> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await decide(loadJob(store, jobId).revision);
    } catch (error) {
      if (attempt >= 3 || !movedByEngine(error)) throw error;
    }
  }
}
