// How the CLI shows jobs: a step tree, progress lines while it runs, and the exit code of its resting state.
import type { AppContext } from '../../composition/app-context.ts';
import { AppError } from '../../contract/errors.ts';
import type { Job, JobStatus, StepNode } from '../../domain/jobs/job-model.ts';
import type { CliContext } from './command.ts';
import { EXIT } from './command.ts';
import { json } from './format.ts';

/** 0 when the job succeeded or waits for the operator; 1 when it failed, partly failed or was cancelled. */
export function exitCodeFor(status: JobStatus): number {
  return status === 'succeeded' || status === 'completed-by-force' || status === 'waiting-for-operator' || status === 'running' || status === 'queued' ? EXIT.ok : EXIT.failed;
}

export function formatJob(job: Job): string {
  const depth = new Map<string, number>();
  const lines = [
    `${job.id}  ${job.operation}  ${job.scopeName}  ${job.status}${job.phase ? ` (${job.phase})` : ''}  ${job.progress}%`,
    `created ${job.createdAt}${job.startedAt ? `  started ${job.startedAt}` : ''}${job.endedAt ? `  ended ${job.endedAt}` : ''}`,
  ];
  if (job.notes) lines.push(`notes: ${job.notes}`);
  for (const node of [...job.steps].sort((a, b) => a.ordinal - b.ordinal)) {
    const level = node.parentId === null ? 0 : (depth.get(node.parentId) ?? 0) + 1;
    depth.set(node.id, level);
    if (node.parentId === null) continue;
    lines.push(`${'  '.repeat(level)}${marker(node)} ${node.label}  [${node.status}]${node.attempt > 1 ? ` attempt ${node.attempt}` : ''}${node.error ? ` — ${node.error}` : ''}${node.note ? ` — note: ${node.note}` : ''}  (${node.id})`);
  }
  if (job.cleanup.length > 0) {
    lines.push('cleanup ledger:');
    for (const entry of job.cleanup) lines.push(`  ${entry.kind} ${entry.resourceId}${entry.itemId ? ` (${entry.itemId})` : ''}  created ${entry.createdAt}  ${entry.deletedAt ? `deleted ${entry.deletedAt}` : 'NOT DELETED'}`);
  }
  const summary = job.summary as { maxDataLossSeconds?: number; itemCounts?: Record<string, number> } | undefined;
  if (summary?.itemCounts) lines.push(`items: ${Object.entries(summary.itemCounts).map(([status, count]) => `${count} ${status}`).join(', ')}`);
  // R5/R6: a window of 0 s is no window: every machine started from data synchronised after shutdown.
  if (summary?.maxDataLossSeconds === 0) lines.push('data lost: none (every machine started from data synchronised after shutdown)');
  else if (summary?.maxDataLossSeconds !== undefined) lines.push(`largest data-loss window: ${summary.maxDataLossSeconds} s`);
  return `${lines.join('\n')}\n`;
}

function marker(node: StepNode): string {
  switch (node.status) {
    case 'succeeded':
    case 'done-by-operator':
      return '✔';
    case 'failed':
      return '✘';
    case 'running':
      return '▶';
    case 'waiting':
      return '⏸';
    case 'skipped':
    case 'cancelled':
      return '–';
    default:
      return '·';
  }
}

/** Drives `jobId` in this process until it rests, printing progress when asked; returns the exit code. */
export async function driveAndReport(context: CliContext, jobId: string, wait: boolean): Promise<number> {
  const app = context.app();
  const unsubscribe = wait && !context.json ? followProgress(context, app, jobId) : () => undefined;
  try {
    await app.jobs.settledJob(jobId);
  } finally {
    unsubscribe();
  }
  return report(context, app.jobs.get(jobId));
}

export function report(context: CliContext, job: Job): number {
  if (context.json) context.io.out(json(job));
  else {
    context.io.out(`${job.id} ${job.status}${job.phase ? ` — waiting for: ${describePhase(job.phase)}` : ''}\n`);
    if (job.status !== 'succeeded') {
      for (const node of job.steps) if (node.status === 'failed' && node.error) context.io.out(`  ✘ ${node.id}: ${node.error}\n`);
    }
  }
  return exitCodeFor(job.status);
}

function describePhase(phase: NonNullable<Job['phase']>): string {
  switch (phase) {
    case 'complete-test':
      return 'Complete Test (jobs complete-test ID --verdict passed|passed-with-issues|failed --notes …)';
    case 'complete-failover':
      return 'Complete Failover (jobs complete-failover ID)';
    case 'manual-action':
      return 'a manual action to be confirmed (jobs confirm ID)';
    case 'step-decision':
      return 'a decision on an interrupted step (jobs retry ID, or jobs mark-done ID --step … --note …)';
  }
}

function followProgress(context: CliContext, app: AppContext, jobId: string): () => void {
  return app.events.subscribe((name, payload) => {
    if (name !== 'jobs:progress') return;
    const progress = payload as { jobId: string; progress: number; stepsDone: number; stepsTotal: number; step?: { id: string; status: string } };
    if (progress.jobId !== jobId) return;
    context.io.out(`${jobId} ${progress.progress.toFixed(1)}% (${progress.stepsDone}/${progress.stepsTotal})${progress.step ? ` ${progress.step.id} ${progress.step.status}` : ''}\n`);
  });
}

/** Plans and items are named by id (first) or by name (case-insensitive); an unknown one is NOT_FOUND (exit 2). */
export function resolvePlanId(app: AppContext, value: string): string {
  const plans = app.estate().plans;
  const plan = plans.find((p) => p.id === value) ?? plans.find((p) => p.name.toLowerCase() === value.toLowerCase());
  if (!plan) throw new AppError('NOT_FOUND', `There is no recovery plan "${value}" (see: plans list).`);
  return plan.id;
}

export function resolveItemId(app: AppContext, value: string): string {
  const items = app.estate().items;
  const item = items.find((i) => i.id === value) ?? items.find((i) => i.name.toLowerCase() === value.toLowerCase());
  if (!item) throw new AppError('NOT_FOUND', `There is no protected item "${value}" (see: items list).`);
  return item.id;
}
