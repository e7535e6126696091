// One job write: the job row (compare-and-set on its revision when the write is an operator's decision, fenced
// by the lease when it is the driver's), its steps, any extra work and the audit entry with the revision it
// produced, in one transaction. The in-memory job takes the patch only after the commit.
import type { RequestContext } from '../domain/model/request-context.ts';
import { StaleRevision, type AuditSink, type JobPatch, type JobRepository, type UnitOfWork } from '../domain/ports/job-persistence.ts';
import type { Job, StepNode } from '../domain/jobs/job-model.ts';
import type { Clock } from '../domain/time/clock.ts';
import { decisionConflict } from './decision-conflict.ts';
import type { LeaseKeeper } from './lease-keeper.ts';

/** What a job write records besides its patch. */
export interface WriteOptions<Tx> {
  /** Compare-and-set: the revision the decision was taken on (checked inside the write transaction). */
  revision?: number;
  /** Who decided (its principal is the audit entry's actor); the console's OS user when absent. */
  context?: RequestContext | undefined;
  /** A write by the job's driver: refused unless this process still holds the job's lease. */
  fenced?: boolean;
  /** More work in the same transaction (e.g. taking machine locks again). */
  extra?: (tx: Tx) => void;
}

export interface JobWriteDeps<Tx> {
  store: JobRepository<Tx>;
  audit: AuditSink<Tx>;
  batcher: UnitOfWork<Tx>;
  clock: Clock;
}

export function actorOf(context: RequestContext | undefined): { actor?: string } {
  return context ? { actor: context.principal } : {};
}

/**
 * One transaction: the job row (compare-and-set when `revision` is given), its steps, the audit entry with
 * the revision it produced. The in-memory job takes the patch only after the commit.
 */
export async function commitJobWrite<Tx>(
  deps: JobWriteDeps<Tx>,
  leases: LeaseKeeper<Tx>,
  job: Job,
  nodes: readonly StepNode[],
  patch: JobPatch,
  action: string,
  details: Record<string, unknown>,
  options: WriteOptions<Tx> = {},
): Promise<void> {
  const { store, audit, batcher, clock } = deps;
  const at = clock.now().toISOString();
  const writeSteps = store.stepWriter(job.id, nodes);
  const writeJob = store.jobWriter(job.id, patch, options.revision === undefined ? {} : { revision: options.revision });
  let revision = job.revision;
  await batcher.write((db) => {
    if (options.fenced) leases.fence(db, job.id);
    try {
      writeJob(db);
    } catch (error) {
      if (error instanceof StaleRevision) throw decisionConflict(deps, job.id, error.expected, db);
      throw error;
    }
    options.extra?.(db);
    writeSteps(db);
    revision = store.revision(job.id, db) ?? revision;
    audit.append(db, { at, action, jobId: job.id, details: { ...details, revision }, ...actorOf(options.context) });
  });
  Object.assign(job, patch);
  job.revision = revision;
}
