import { TEST_VERDICTS } from '../../../domain/jobs/job-model.ts';
import { JOB_STATUSES, type JobStatus } from '../../../domain/jobs/job-model.ts';
import { OPERATION_KINDS, type OperationKind } from '../../../domain/model/operation.ts';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command.ts';
import { json, table } from '../format.ts';
import { driveAndReport, exitCodeFor, formatJob, resolvePlanId } from '../job-output.ts';

function jobIdOf(positionals: string[]): string {
  const id = positionals[0];
  if (!id) throw new UsageError('name the job: ID (e.g. job-01JD7Y3M9Z4Q8R2V6T0XKCWB5N, as jobs list shows)');
  return id;
}

const REVISION_OPTION = { revision: { type: 'string' } } as const;

/**
 * Compare-and-set: the revision the decision is taken on — `--revision N` (as `jobs show --json` printed it), or
 * the job's revision read now. A decision someone else took in between is refused with CONFLICT.
 */
async function revisionOf(context: CliContext, jobId: string, values: Record<string, unknown>): Promise<number> {
  if (values.revision === undefined) return (await context.invoke('jobs:get', { jobId })).revision;
  const revision = Number(values.revision);
  if (typeof values.revision !== 'string' || !Number.isSafeInteger(revision) || revision < 0) throw new UsageError('--revision is the job revision, a whole number (jobs show ID --json)');
  return revision;
}

/** After a decision the job moves on in this process until it rests again. */
async function decideAndDrive(context: CliContext, jobId: string, values: Record<string, unknown>, decide: (revision: number) => Promise<unknown>): Promise<number> {
  await decide(await revisionOf(context, jobId, values));
  return driveAndReport(context, jobId, true);
}

export const jobsCommands: CliCommand[] = [
  {
    path: ['jobs', 'list'],
    readOnly: true,
    usage: '[--status STATUS] [--operation KIND] [--plan NAME] [--json]',
    summary: 'List jobs, newest first.',
    options: { status: { type: 'string' }, operation: { type: 'string' }, plan: { type: 'string' } },
    async run(context, values) {
      const status = values.status as string | undefined;
      const operation = values.operation as string | undefined;
      if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status is one of ${JOB_STATUSES.join(', ')}`);
      if (operation !== undefined && !(OPERATION_KINDS as readonly string[]).includes(operation)) throw new UsageError(`--operation is one of ${OPERATION_KINDS.join(', ')}`);
      const jobs = await context.invoke('jobs:list', {
        ...(status ? { status: status as JobStatus } : {}),
        ...(operation ? { operation: operation as OperationKind } : {}),
        ...(typeof values.plan === 'string' ? { planId: resolvePlanId(context.app(), values.plan) } : {}),
      });
      context.io.out(
        context.json
          ? json(jobs)
          : table(['ID', 'OPERATION', 'SCOPE', 'STATUS', 'PHASE', 'PROGRESS', 'CREATED'], jobs.map((j) => [j.id, j.operation, j.scopeName, j.status, j.phase ?? '', `${j.progress}%`, j.createdAt])),
      );
      return EXIT.ok;
    },
  },
  {
    path: ['jobs', 'show'],
    readOnly: true,
    usage: 'ID [--json]',
    summary: 'Show a job with its step tree and cleanup ledger.',
    async run(context, _values, positionals) {
      const job = await context.invoke('jobs:get', { jobId: jobIdOf(positionals) });
      context.io.out(context.json ? json(job) : formatJob(job));
      return EXIT.ok;
    },
  },
  {
    path: ['jobs', 'watch'],
    readOnly: true,
    usage: 'ID',
    summary: 'Follow a job run by another console process until it rests.',
    async run(context, _values, positionals) {
      const jobId = jobIdOf(positionals);
      let last = '';
      for (;;) {
        const job = await context.invoke('jobs:get', { jobId });
        const line = `${job.id} ${job.status}${job.phase ? ` (${job.phase})` : ''} ${job.progress}%`;
        if (line !== last) context.io.out(`${line}\n`);
        last = line;
        if (job.status !== 'running' && job.status !== 'queued') return exitCodeFor(job.status);
        // A lease, not a process id: a crashed owner's lease expires even if its process id is reused.
        if (!context.app().jobs.lease(jobId)?.live) {
          context.io.err(`no console process is running ${jobId}; run \`jobs resume\` to drive it on.\n`);
          return EXIT.failed;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
  },
  {
    path: ['jobs', 'resume'],
    usage: '[--wait]',
    summary: 'Drive every job a crash left in flight to completion or to its operator wait (R10 forced completion too). --wait: also jobs whose crashed owner\'s lease has not expired yet.',
    options: { wait: { type: 'boolean' } },
    async run(context, values) {
      const app = context.app();
      const forced = await app.jobs.maintain();
      const resumed = app.jobs.resumeAll();
      const held = app.jobs.heldElsewhere();
      let code: number = EXIT.ok;
      for (const jobId of [...new Set([...forced, ...resumed])]) code = Math.max(code, await driveAndReport(context, jobId, values.wait === true));
      for (const jobId of held) {
        if (values.wait !== true) {
          if (!context.json) context.io.out(`${jobId} is driven by another console process (its lease is live); --wait takes it over if that process died\n`);
          continue;
        }
        await app.jobs.driveWhenFree(jobId);
        code = Math.max(code, await driveAndReport(context, jobId, true));
      }
      if (forced.length + resumed.length + held.length === 0 && !context.json) context.io.out('no job was left in flight\n');
      return code;
    },
  },
  {
    path: ['jobs', 'maintain'],
    summary: 'Fire due timers: R10 completes by force test failovers open for more than two weeks and cleans them up.',
    async run(context) {
      const forced = await context.app().jobs.maintain();
      let code: number = EXIT.ok;
      for (const jobId of forced) code = Math.max(code, await driveAndReport(context, jobId, false));
      if (forced.length === 0 && !context.json) context.io.out('no timer was due\n');
      return code;
    },
  },
  {
    path: ['jobs', 'confirm'],
    usage: 'ID [--step STEP] [--note TEXT] [--revision N]',
    summary: 'Confirm the manual action a job waits for.',
    options: { step: { type: 'string' }, note: { type: 'string' }, ...REVISION_OPTION },
    run: (context, values, positionals) =>
      decideAndDrive(context, jobIdOf(positionals), values, (revision) =>
        context.invoke('jobs:confirm', { jobId: jobIdOf(positionals), revision, ...(typeof values.step === 'string' ? { stepId: values.step } : {}), ...(typeof values.note === 'string' ? { note: values.note } : {}) }),
      ),
  },
  {
    path: ['jobs', 'complete-test'],
    usage: 'ID --verdict passed|passed-with-issues|failed --notes TEXT [--revision N]',
    summary: 'Complete a test failover with your verdict and notes, and clean up (R10).',
    options: { verdict: { type: 'string' }, notes: { type: 'string' }, ...REVISION_OPTION },
    async run(context, values, positionals) {
      const verdict = TEST_VERDICTS.find((candidate) => candidate === values.verdict);
      if (!verdict) throw new UsageError(`--verdict is required: how the test went, one of ${TEST_VERDICTS.join(', ')}`);
      if (typeof values.notes !== 'string') throw new UsageError('--notes TEXT is required');
      const notes = values.notes;
      return decideAndDrive(context, jobIdOf(positionals), values, (revision) => context.invoke('jobs:complete-test', { jobId: jobIdOf(positionals), notes, verdict, revision }));
    },
  },
  {
    path: ['jobs', 'complete-failover'],
    usage: 'ID [--revision N]',
    summary: 'Complete Failover after synchronising before the failover (R15).',
    options: REVISION_OPTION,
    run: (context, values, positionals) => decideAndDrive(context, jobIdOf(positionals), values, (revision) => context.invoke('jobs:complete-failover', { jobId: jobIdOf(positionals), revision })),
  },
  {
    path: ['jobs', 'retry'],
    usage: 'ID [--step STEP] [--revision N]',
    summary: 'Re-initiate a failed job: it resumes from the failed step (R5). --step: only that step (a script that may already have run).',
    options: { step: { type: 'string' }, ...REVISION_OPTION },
    run: (context, values, positionals) => {
      const input = { jobId: jobIdOf(positionals), ...(typeof values.step === 'string' ? { stepId: values.step } : {}) };
      return decideAndDrive(context, input.jobId, values, (revision) => context.invoke('jobs:retry', { ...input, revision }));
    },
  },
  {
    path: ['jobs', 'mark-done'],
    usage: 'ID --step STEP --note TEXT [--revision N]',
    summary: 'Mark a failed step done by hand, with a note (audited).',
    options: { step: { type: 'string' }, note: { type: 'string' }, ...REVISION_OPTION },
    async run(context, values, positionals) {
      if (typeof values.step !== 'string' || typeof values.note !== 'string') throw new UsageError('--step STEP and --note TEXT are required');
      const input = { jobId: jobIdOf(positionals), stepId: values.step, note: values.note };
      return decideAndDrive(context, input.jobId, values, (revision) => context.invoke('jobs:mark-step-done', { ...input, revision }));
    },
  },
  {
    path: ['jobs', 'notes'],
    usage: 'ID --notes TEXT [--revision N]',
    summary: "Save the operator's notes with a job (R19).",
    options: { notes: { type: 'string' }, ...REVISION_OPTION },
    async run(context, values, positionals) {
      if (typeof values.notes !== 'string') throw new UsageError('--notes TEXT is required');
      const jobId = jobIdOf(positionals);
      const job = await context.invoke('jobs:notes', { jobId, notes: values.notes, revision: await revisionOf(context, jobId, values) });
      context.io.out(context.json ? json(job) : `${job.id} notes saved\n`);
      return EXIT.ok;
    },
  },
  {
    path: ['jobs', 'cancel'],
    usage: 'ID [--revision N]',
    summary: 'Cancel a job where it is safe. A job another console process runs stops there before its next step.',
    options: REVISION_OPTION,
    async run(context, values, positionals) {
      const jobId = jobIdOf(positionals);
      await context.invoke('jobs:cancel', { jobId, revision: await revisionOf(context, jobId, values) });
      // A job whose owner died is driven here to its cancelled end before this process exits.
      await context.app().jobs.settledJob(jobId);
      const job = await context.invoke('jobs:get', { jobId });
      context.io.out(context.json ? json(job) : `${job.id} ${job.status}${job.cancelRequested && job.status === 'running' ? ' (cancel requested; its console process stops it before the next step)' : ''}\n`);
      return EXIT.ok;
    },
  },
];
