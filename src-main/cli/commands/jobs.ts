import { JOB_STATUSES, type JobStatus } from '../../engine/jobs/job-model.ts';
import { OPERATION_KINDS, type OperationKind } from '../../engine/model/operation.ts';
import { processAlive } from '../../store/job-store.ts';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command.ts';
import { json, table } from '../format.ts';
import { driveAndReport, exitCodeFor, formatJob, resolvePlanId } from '../job-output.ts';

function jobIdOf(positionals: string[]): string {
  const id = positionals[0];
  if (!id) throw new UsageError('name the job: ID (e.g. job-0001)');
  return id;
}

/** After a decision the job moves on in this process until it rests again. */
async function decideAndDrive(context: CliContext, jobId: string, decide: () => Promise<unknown>): Promise<number> {
  await decide();
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
        const owner = context.app().db.prepare('SELECT owner_pid FROM jobs WHERE id = ?').get(jobId) as { owner_pid: number | null };
        if (owner.owner_pid === null || !processAlive(owner.owner_pid)) {
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
    summary: 'Drive every job a crash left in flight to completion or to its operator wait (R10 forced completion too).',
    options: { wait: { type: 'boolean' } },
    async run(context, values) {
      const app = context.app();
      const forced = await app.jobs.maintain();
      const resumed = app.jobs.resumeAll();
      let code: number = EXIT.ok;
      for (const jobId of [...new Set([...forced, ...resumed])]) code = Math.max(code, await driveAndReport(context, jobId, values.wait === true));
      if (forced.length + resumed.length === 0 && !context.json) context.io.out('no job was left in flight\n');
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
    usage: 'ID [--step STEP] [--note TEXT]',
    summary: 'Confirm the manual action a job waits for.',
    options: { step: { type: 'string' }, note: { type: 'string' } },
    run: (context, values, positionals) =>
      decideAndDrive(context, jobIdOf(positionals), () =>
        context.invoke('jobs:confirm', { jobId: jobIdOf(positionals), ...(typeof values.step === 'string' ? { stepId: values.step } : {}), ...(typeof values.note === 'string' ? { note: values.note } : {}) }),
      ),
  },
  {
    path: ['jobs', 'complete-test'],
    usage: 'ID --notes TEXT',
    summary: 'Complete a test failover with notes and clean up (R10).',
    options: { notes: { type: 'string' } },
    async run(context, values, positionals) {
      if (typeof values.notes !== 'string') throw new UsageError('--notes TEXT is required');
      const notes = values.notes;
      return decideAndDrive(context, jobIdOf(positionals), () => context.invoke('jobs:complete-test', { jobId: jobIdOf(positionals), notes }));
    },
  },
  {
    path: ['jobs', 'complete-failover'],
    usage: 'ID',
    summary: 'Complete Failover after synchronising before the failover (R15).',
    run: (context, _values, positionals) => decideAndDrive(context, jobIdOf(positionals), () => context.invoke('jobs:complete-failover', { jobId: jobIdOf(positionals) })),
  },
  {
    path: ['jobs', 'retry'],
    usage: 'ID [--step STEP]',
    summary: 'Re-initiate a failed job: it resumes from the failed step (R5). --step: only that step (a script that may already have run).',
    options: { step: { type: 'string' } },
    run: (context, values, positionals) => {
      const input = { jobId: jobIdOf(positionals), ...(typeof values.step === 'string' ? { stepId: values.step } : {}) };
      return decideAndDrive(context, input.jobId, () => context.invoke('jobs:retry', input));
    },
  },
  {
    path: ['jobs', 'mark-done'],
    usage: 'ID --step STEP --note TEXT',
    summary: 'Mark a failed step done by hand, with a note (audited).',
    options: { step: { type: 'string' }, note: { type: 'string' } },
    async run(context, values, positionals) {
      if (typeof values.step !== 'string' || typeof values.note !== 'string') throw new UsageError('--step STEP and --note TEXT are required');
      const input = { jobId: jobIdOf(positionals), stepId: values.step, note: values.note };
      return decideAndDrive(context, input.jobId, () => context.invoke('jobs:mark-step-done', input));
    },
  },
  {
    path: ['jobs', 'notes'],
    usage: 'ID --notes TEXT',
    summary: "Save the operator's notes with a job (R19).",
    options: { notes: { type: 'string' } },
    async run(context, values, positionals) {
      if (typeof values.notes !== 'string') throw new UsageError('--notes TEXT is required');
      const job = await context.invoke('jobs:notes', { jobId: jobIdOf(positionals), notes: values.notes });
      context.io.out(context.json ? json(job) : `${job.id} notes saved\n`);
      return EXIT.ok;
    },
  },
  {
    path: ['jobs', 'cancel'],
    usage: 'ID',
    summary: 'Cancel a job where it is safe.',
    async run(context, _values, positionals) {
      const job = await context.invoke('jobs:cancel', { jobId: jobIdOf(positionals) });
      context.io.out(context.json ? json(job) : `${job.id} ${job.status}\n`);
      return EXIT.ok;
    },
  },
];
