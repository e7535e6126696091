// Compare-and-set decisions (docs/decisions.md, "Leases, global ids, machine locks"): the second of two
// concurrent decisions is refused with a sentence saying what the first one was, read from the audit trail
// (each decision's entry records the job revision it produced).
import { AppError } from '../contract/errors.ts';
import type { AuditSink, JobRepository } from '../domain/ports/job-persistence.ts';

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** What a decision did, and what it said (notes), as a sentence fragment: ["completed the test", "notes: …"]. */
function describe(action: string, details: Record<string, unknown>): [string, string] | undefined {
  const text = (key: string) => (typeof details[key] === 'string' && details[key] ? clip(details[key]) : '');
  const said = (key: string) => (text(key) ? `${key}: ${text(key)}` : '');
  switch (action) {
    case 'test.completed':
      return ['completed the test', said('notes')];
    case 'test.completed-by-force':
      return ['completed the test by force (R10)', ''];
    case 'failover.completed':
      return ['completed the failover', ''];
    case 'action.confirmed':
      return [`confirmed the manual action ${text('stepId')}`, said('note')];
    case 'job.retried':
      return ['retried the job', ''];
    case 'step.marked-done':
      return [`marked step ${text('stepId')} done`, said('note')];
    case 'job.cancel-requested':
      return ['asked to cancel the job', ''];
    case 'job.cancelled':
      return ['cancelled the job', ''];
    case 'job.notes':
      return ['changed the notes', said('notes')];
    default:
      return undefined;
  }
}

/**
 * The CONFLICT for a decision taken on `expected` after the job moved on (read in the caller's transaction
 * when there is one).
 */
export function decisionConflict<Tx>(deps: { store: JobRepository<Tx>; audit: AuditSink<Tx> }, jobId: string, expected: number, tx?: Tx): AppError {
  for (const row of deps.audit.latestFor(jobId, 100, tx)) {
    const details = row.details;
    if (typeof details.revision !== 'number' || details.revision <= expected) continue;
    const what = describe(row.action, details);
    if (!what) continue;
    const [did, said] = what;
    const at = `${row.at.slice(11, 16)} UTC`;
    return new AppError('CONFLICT', `Another operator (${row.actor}) already ${did} at ${at}${said ? ` (${said})` : ''}; your decision was not applied. Look at job ${jobId} again before deciding.`, {
      jobId,
      action: row.action,
      actor: row.actor,
      at: row.at,
    });
  }
  const status = deps.store.status(jobId, tx) ?? 'gone';
  return new AppError('CONFLICT', `Job ${jobId} changed since you looked (it is now ${status}); your decision was not applied. Look at it again before deciding.`, { jobId, changedBy: 'engine' });
}

/** True for the CONFLICT of a job the engine moved on (not another operator's decision). */
export function movedByEngine(error: unknown): boolean {
  return error instanceof AppError && error.code === 'CONFLICT' && (error.details as { changedBy?: string } | undefined)?.changedBy === 'engine';
}
