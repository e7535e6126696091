// R10: a test failover left open for more than two weeks is completed by force and its test machines and
// auto-created networks are deleted. The deadline is a durable timer scheduled when the test failover is
// created (scheduler.ts), so it survives restarts and fires once across console processes. It completes a
// test waiting at Complete testing and one still waiting at a manual action (or any other step) before it.
import { SYSTEM_CONTEXT } from '../domain/model/request-context.ts';
import { AppError } from '../contract/errors.ts';
import { FINISHED_STATUSES, type Job, type StepNode } from '../domain/jobs/job-model.ts';
import type { AuditSink, JobRepository } from '../domain/ports/job-persistence.ts';
import type { NewTimer, TimerHandler } from './scheduler.ts';

/** R10: a test failover left open longer than this is completed by force. */
export const TEST_FAILOVER_MAX_AGE_MS = 14 * 86_400_000;

/** The timer kind; its id is `<kind>:<job id>` (one per test failover). Written out in migration 0231 too. */
export const FORCE_COMPLETE_TEST_KIND = 'test-failover.force-complete';

/** While the job is being run by some process it cannot be decided on; the timer looks again this much later. */
const BUSY_RETRY_MS = 60_000;

export const FORCED_GATE_NOTE = 'Completed by force: the test failover was open for more than two weeks (R10).';
export const FORCED_SKIP_NOTE = 'Skipped by force: the test failover was open for more than two weeks (R10).';

/** The R10 timer for a test failover created at `createdAt`. */
export function forceCompleteTestTimer(jobId: string, createdAt: string): NewTimer {
  return { kind: FORCE_COMPLETE_TEST_KIND, jobId, dueAt: new Date(Date.parse(createdAt) + TEST_FAILOVER_MAX_AGE_MS) };
}

/**
 * Resolves a waiting test failover by force: everything before Complete testing that has not run — the manual
 * action it waits at, steps after it — is skipped with a note saying why; the Complete testing gate is passed
 * so the cleanup runs next. Returns the nodes it changed, or null when the job has no Complete testing gate
 * left to pass. Pure: the caller commits the nodes.
 */
export function forceCompleteTest(job: Job, at: string): { changed: StepNode[]; skipped: string[] } | null {
  const gate = job.steps.find((node) => node.gate === 'complete-test');
  if (!gate || (gate.status !== 'waiting' && gate.status !== 'pending')) return null;
  const changed: StepNode[] = [];
  const skipped: string[] = [];
  for (const node of job.steps) {
    if (node.ordinal >= gate.ordinal || (node.status !== 'pending' && node.status !== 'waiting')) continue;
    node.status = 'skipped';
    node.endedAt = at;
    delete node.error;
    node.note = FORCED_SKIP_NOTE;
    changed.push(node);
    if (node.gate || node.op) skipped.push(node.id);
  }
  gate.status = 'succeeded';
  gate.startedAt ??= at;
  gate.endedAt = at;
  gate.note = FORCED_GATE_NOTE;
  changed.push(gate);
  return { changed, skipped };
}

export interface ForcedCompletionDeps<Tx> {
  store: JobRepository<Tx>;
  audit: AuditSink<Tx>;
  /** Drives the job on (its cleanup) once the forced decision is committed. */
  launch(jobId: string): void;
}

/** Outcomes recorded with the timer. */
export const FORCED = 'completed-by-force';

/** The handler of R10 timers: the decision, its steps and its audit entry commit with the timer's claim. */
export function forceCompleteTestHandler<Tx>(deps: ForcedCompletionDeps<Tx>): TimerHandler<Tx> {
  return {
    fire(db, timer, now) {
      if (!timer.jobId) throw new AppError('INTERNAL', `Timer ${timer.id} names no job.`);
      const job = deps.store.get(timer.jobId);
      if (!job || FINISHED_STATUSES.has(job.status)) return { outcome: 'job-finished' };
      if (job.status !== 'waiting-for-operator') {
        return { retryAt: new Date(now.getTime() + BUSY_RETRY_MS), reason: `job is ${job.status}; forced completion waits until it rests` };
      }
      const at = now.toISOString();
      const forced = forceCompleteTest(job, at);
      if (!forced) return { outcome: 'no-complete-test-gate' };
      deps.store.stepWriter(job.id, forced.changed)(db);
      deps.store.jobWriter(job.id, { forced: true, status: 'running', phase: null })(db);
      // The write bumps the job's revision, so an operator's decision taken on the job as it was is a CONFLICT.
      const revision = deps.store.revision(job.id, db);
      deps.audit.append(db, { at, action: 'test.completed-by-force', jobId: job.id, actor: SYSTEM_CONTEXT.principal, details: { skippedSteps: forced.skipped, timerId: timer.id, dueAt: timer.dueAt, revision } });
      return { outcome: FORCED, afterCommit: () => deps.launch(job.id) };
    },
  };
}
