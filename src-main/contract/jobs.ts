import { z } from 'zod';
import { OpaqueId } from '../engine/model/opaque-id.ts';
import type { JobDelta } from '../engine/jobs/job-changes.ts';
import { JOB_STATUSES, type Job, type JobStatus, type JobSummary, type StepStatus } from '../engine/jobs/job-model.ts';
import { OPERATION_KINDS, OperationRequest } from '../engine/model/operation.ts';
import type { JobActions } from '../engine/orchestrator/job-actions.ts';
import { channel, event, returns } from './define.ts';

const jobId = z.string().regex(/^job-\d{1,12}$/, 'a job id looks like job-0001');
const notes = z.string().max(20_000);

/** A job as the console shows it: with the operator decisions it accepts now (the renderer decides none). */
export interface JobView extends Job {
  actions: JobActions;
}

/** A live view's increment: the job without its tree, and what changed since `since` (read at `at`). */
export interface JobChanges extends JobDelta {
  job: Omit<JobView, 'steps' | 'cleanup'>;
  /** The engine's clock when read: pass it as the next `since`. */
  at: string;
}

export const StartJobInput = OperationRequest.extend({ notes: notes.optional() });

/** One coalesced progress report (≤ ~20/s per job). */
export interface JobProgress {
  jobId: string;
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
  'jobs:changes': channel({
    input: z.strictObject({ jobId, since: z.iso.datetime() }),
    output: returns<JobChanges>(),
    summary: 'The job and the steps and cleanup entries that changed since an instant (live views of large jobs).',
  }),
  'jobs:confirm': channel({
    input: z.strictObject({ jobId, stepId: z.string().min(1).max(400).optional(), note: notes.optional() }),
    output: returns<JobView>(),
    summary: 'Confirms the manual action the job waits for.',
  }),
  'jobs:complete-test': channel({
    input: z.strictObject({ jobId, notes }),
    output: returns<JobView>(),
    summary: 'R10: Complete Test with notes; cleans up what the test created.',
  }),
  'jobs:complete-failover': channel({ input: z.strictObject({ jobId }), output: returns<JobView>(), summary: 'R15: Complete Failover after synchronising before the failover.' }),
  'jobs:retry': channel({
    input: z.strictObject({ jobId, stepId: z.string().min(1).max(400).optional() }),
    output: returns<JobView>(),
    summary: 'R5: re-initiates a failed job; it resumes from the failed step. With stepId: only that step (a script that may already have run).',
  }),
  'jobs:cancel': channel({ input: z.strictObject({ jobId }), output: returns<JobView>(), summary: 'Cancels a job where it is safe.' }),
  'jobs:notes': channel({ input: z.strictObject({ jobId, notes }), output: returns<JobView>(), summary: "R19: saves the operator's notes with the job." }),
  'jobs:mark-step-done': channel({
    input: z.strictObject({ jobId, stepId: z.string().min(1).max(400), note: z.string().min(1).max(20_000) }),
    output: returns<JobView>(),
    summary: 'Marks a failed step done by hand, with a note (audited).',
  }),
};

export const jobsEvents = {
  'jobs:progress': event({ payload: returns<JobProgress>(), summary: 'Job progress, coalesced to at most ~20 per second per job.' }),
  'estate:changed': event({ payload: returns<{ itemIds: string[] }>(), summary: 'Machines changed state (active site, power, replication…).' }),
};
