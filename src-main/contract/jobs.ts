import { z } from 'zod';
import { OpaqueId } from '../domain/model/opaque-id.ts';
import { OPERATION_KINDS, OperationRequest } from '../domain/model/operation.ts';
import { JOB_ID_PATTERN } from '../domain/jobs/job-id.ts';
import { TEST_VERDICTS } from '../domain/jobs/job-model.ts';
import { channel, event, returns } from './define.ts';
// Outputs are the wire's job DTOs, not the engine's records (docs/architecture.md, "The contract owns the wire").
import { JOB_STATUSES, type CleanupEntry, type GroupSummary, type ItemSummary, type Job, type JobActions, type JobStatus, type JobSummary, type StepNode, type StepRow, type StepStatus } from './job-dto.ts';

const jobId = z.string().regex(JOB_ID_PATTERN, 'a job id looks like job-01JD7Y3M9Z4Q8R2V6T0XKCWB5N');
const notes = z.string().max(20_000);
/** Compare-and-set: the job revision (JobView.revision) the operator decided on; CONFLICT if the job moved on since. */
const revision = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional();

/** A job as the console shows it: with the operator decisions it accepts now (the renderer decides none). */
export interface JobView extends Job {
  actions: JobActions;
}

/** A step's failure as the audit trail recorded it (the timeline keeps it after the step was retried). */
export interface StepFailure {
  at: string;
  /** Failed; its outcome unknown (the call may still apply); or cancelled while under way. */
  what: 'failed' | 'outcome-unknown' | 'cancelled-in-flight';
  stepId: string;
  label: string;
  itemId?: string;
  error: string;
}

/** One event in a step's history (from the audit trail), oldest first. */
export interface StepHistoryEntry {
  at: string;
  /** Who: the operator for a decision, the console's user for what the runner recorded. */
  actor: string;
  what: 'failed' | 'outcome-unknown' | 'cancelled-in-flight' | 'succeeded' | 'marked-done' | 'skipped-on-cancel' | 'retried';
  error?: string;
  note?: string;
}

/** The job-wide figures of a job's summary; its per-machine entries are in the rows and item summaries. */
export interface JobFigures {
  itemCounts?: Record<string, number>;
  maxDataLossSeconds?: number;
}

/**
 * A job's own fields as windowed views carry them: what the header and the decisions need, without the
 * per-machine parts (the machine ids and the per-machine summary were 400 KiB of a 10,000-machine job's outline,
 * and of every change while it ran).
 */
export type JobFields = Omit<JobView, 'steps' | 'cleanup' | 'itemIds' | 'summary'> & { itemCount: number; summary?: JobFigures };

export function jobFields(job: Omit<JobView, 'steps' | 'cleanup'> & { steps?: unknown; cleanup?: unknown }): JobFields {
  const { steps: _steps, cleanup: _cleanup, itemIds, summary, ...fields } = job;
  const figures: JobFigures = {};
  if (summary?.itemCounts !== undefined) figures.itemCounts = summary.itemCounts as Record<string, number>;
  if (typeof summary?.maxDataLossSeconds === 'number') figures.maxDataLossSeconds = summary.maxDataLossSeconds;
  return { ...fields, itemCount: itemIds.length, ...(summary ? { summary: figures } : {}) };
}

/** A live view's increment: the job without its tree, and what changed since `since` (read at `at`). */
export interface JobChanges {
  steps: StepNode[];
  cleanup: CleanupEntry[];
  job: JobFields;
  /** The engine's clock when read: pass it as the next `since`. */
  at: string;
}

/**
 * A job without its tree (windowed job views): the engine's summaries of its groups and of a page of its items,
 * the steps that need the operator, the steps that moved last (the timeline), and, when asked, the cleanup ledger.
 */
export interface JobOutline {
  job: JobFields;
  groups: GroupSummary[];
  items: ItemSummary[];
  itemsTotal: number;
  /** Failed or interrupted steps (at most 200), tree order. */
  attention: StepNode[];
  /** The leaves that moved last (at most 60): they hold the newest transitions. */
  recent: StepNode[];
  /** The latest step failures from the audit trail (at most 60), newest first: they stay after a Retry or Mark done. */
  failures: StepFailure[];
  /** Only with `cleanup: true`; live views take the ledger's changes from `jobs:changes`. */
  cleanup?: CleanupEntry[];
  /** Containers open at first paint: all of a small job, none of a large one. */
  expandAll: boolean;
  /** With `rowLimit`: the first rows as the tree opens. */
  rows?: JobRows;
  /** The engine's clock when read: the first `since` for `jobs:changes`. */
  at: string;
}

/** A window of a job's visible step rows. */
export interface JobRows {
  total: number;
  offset: number;
  rows: StepRow[];
}

/** Containers open for a row window: all or none, except the toggled ones. */
const containerIds = z.array(z.string().min(1).max(400)).max(100_000);

export const StartJobInput = OperationRequest.extend({
  notes: notes.optional(),
  /** A client-chosen id for this start: the same id again (double click, retried call) answers the same job. */
  requestId: z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/, 'a request id is 8–100 letters, digits or . _ : -').optional(),
});

/** One coalesced progress report (≤ ~20/s per job). */
export interface JobProgress {
  jobId: string;
  /**
   * The job's revision when the report was built. Reports, reads and decision replies travel separately and
   * arrive in any order: a client drops one older than the job it shows (a late "waiting" after a decision).
   */
  revision: number;
  status: JobStatus;
  phase: JobSummary['phase'];
  progress: number;
  stepsDone: number;
  stepsTotal: number;
  step?: { id: string; label: string; status: StepStatus; itemId?: string };
}

export const jobsChannels = {
  'jobs:start': channel({
    input: StartJobInput,
    output: returns<Job>(),
    summary: 'Runs pre-flight and starts an operation (PREFLIGHT_FAILED with the failed checks when it may not).',
  }),
  'jobs:list': channel({
    input: z.strictObject({
      status: z.enum(JOB_STATUSES).optional(),
      operation: z.enum(OPERATION_KINDS).optional(),
      planId: OpaqueId.optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
    output: returns<JobSummary[]>(),
    summary: 'Jobs, newest first.',
  }),
  'jobs:get': channel({ input: z.strictObject({ jobId }), output: returns<JobView>(), summary: 'A job with its step tree and, for a test failover, its cleanup ledger.' }),
  'jobs:outline': channel({
    input: z.strictObject({
      jobId,
      cleanup: z.boolean().optional(),
      itemOffset: z.number().int().min(0).max(1_000_000).optional(),
      itemLimit: z.number().int().min(0).max(1_000).optional(),
      /** The first rows of the tree as it opens (containers open per `expandAll`): the first paint in one call. */
      rowLimit: z.number().int().min(0).max(1_000).optional(),
    }),
    output: returns<JobOutline>(),
    summary: 'A job without its step tree: group and item summaries, steps needing the operator, the newest transitions.',
  }),
  'jobs:rows': channel({
    input: z.strictObject({ jobId, expandAll: z.boolean(), toggled: containerIds, offset: z.number().int().min(0).max(10_000_000), limit: z.number().int().min(1).max(1_000) }),
    output: returns<JobRows>(),
    summary: 'A window of the visible rows of a job’s step tree, given which containers are open.',
  }),
  'jobs:cleanup': channel({ input: z.strictObject({ jobId }), output: returns<CleanupEntry[]>(), summary: 'R10: the cleanup ledger of a test failover (what it created, and when each was deleted).' }),
  'jobs:changes': channel({
    input: z.strictObject({ jobId, since: z.iso.datetime() }),
    output: returns<JobChanges>(),
    summary: 'The job and the steps and cleanup entries that changed since an instant (live views of large jobs).',
  }),
  'jobs:confirm': channel({
    input: z.strictObject({ jobId, stepId: z.string().min(1).max(400).optional(), note: notes.optional(), revision }),
    output: returns<JobView>(),
    summary: 'Confirms the manual action the job waits for.',
  }),
  'jobs:complete-test': channel({
    input: z.strictObject({ jobId, notes, verdict: z.enum(TEST_VERDICTS), revision }),
    output: returns<JobView>(),
    summary: 'R10: Complete Test with the verdict and notes; cleans up what the test created.',
  }),
  'jobs:complete-failover': channel({ input: z.strictObject({ jobId, revision }), output: returns<JobView>(), summary: 'R15: Complete Failover after synchronising before the failover.' }),
  'jobs:retry': channel({
    input: z.strictObject({ jobId, stepId: z.string().min(1).max(400).optional(), revision }),
    output: returns<JobView>(),
    summary: 'R5: re-initiates a failed job; it resumes from the failed step. With stepId: only that step (a script that may already have run).',
  }),
  'jobs:cancel': channel({
    input: z.strictObject({ jobId, revision }),
    output: returns<JobView>(),
    summary: 'Cancels a job where it is safe; returns at once (a running job stops before its next step).',
  }),
  'jobs:notes': channel({ input: z.strictObject({ jobId, notes, revision }), output: returns<JobView>(), summary: "R19: saves the operator's notes with the job." }),
  'jobs:mark-step-done': channel({
    input: z.strictObject({ jobId, stepId: z.string().min(1).max(400), note: z.string().min(1).max(20_000), revision }),
    output: returns<JobView>(),
    summary: 'Marks a failed step done by hand, with a note (audited).',
  }),
  'jobs:step-history': channel({
    input: z.strictObject({ jobId, stepId: z.string().min(1).max(400) }),
    output: returns<StepHistoryEntry[]>(),
    summary: 'A step’s history from the audit trail: every attempt’s end with its error, and who retried it or marked it done, when, with their note.',
  }),
};

export const jobsEvents = {
  'jobs:progress': event({ payload: returns<JobProgress>(), summary: 'Job progress, coalesced to at most ~20 per second per job.' }),
  'estate:changed': event({ payload: returns<{ itemIds: string[] }>(), summary: 'Machines changed state (active site, power, replication…).' }),
};
