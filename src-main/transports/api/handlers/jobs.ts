import type { AppContext } from '../../../composition/app-context.ts';
import { jobFields, type JobView, type jobsChannels, type StepFailure, type StepHistoryEntry } from '../../../contract/jobs.ts';
import type { Job } from '../../../domain/jobs/job-model.ts';
import { availableActions } from '../../../orchestration/job-actions.ts';
import { attentionSteps, groupSummaries, itemSummaries, recentSteps, rowWindow } from '../../../domain/jobs/job-outline.ts';
import type { HandlersFor } from './types.ts';

/** R19: every reply about one job says which decisions it accepts now. */
function view(job: Job, app: AppContext): JobView {
  return { ...job, actions: availableActions(job, app.jobs.isDriving(job.id)) };
}

/** Above this many machines a job's detail opens with its containers closed (windowed job views). */
const OPEN_ALL_UP_TO_ITEMS = 200;

export const jobsHandlers: HandlersFor<keyof typeof jobsChannels> = {
  'jobs:start': async (input, app, context) => {
    const { notes, requestId, ...request } = input;
    return app.jobs.start(request, { notes: notes ?? '', ...(requestId ? { requestId } : {}) }, context);
  },
  'jobs:list': (input, app) => app.jobs.list(input),
  'jobs:get': (input, app) => view(app.jobs.get(input.jobId), app),
  'jobs:outline': (input, app) => {
    const at = app.clock.now().toISOString(); // read before the job, as jobs:changes does
    const { job, index } = app.jobs.indexed(input.jobId);
    // The ledger decides actions too (a test's leftovers, R10): whether one is left, read from the index of open
    // entries — never from a cached tree, nor by reading a 10,000-entry ledger on every outline.
    const leftovers = app.jobs.leftovers(input.jobId);
    const fields = jobFields(view({ ...job, cleanup: leftovers }, app));
    const items = itemSummaries(index, input.itemOffset ?? 0, input.itemLimit ?? 0);
    const expandAll = fields.itemCount <= OPEN_ALL_UP_TO_ITEMS;
    const rows = input.rowLimit ? rowWindow(index, { expandAll, toggled: new Set() }, 0, input.rowLimit) : undefined;
    return {
      job: fields,
      groups: groupSummaries(index),
      items: items.items,
      itemsTotal: items.total,
      attention: attentionSteps(job.steps, new Set(fields.actions.markDone)),
      recent: recentSteps(job.steps),
      failures: app.audit.failuresOf(input.jobId, 60).flatMap((entry): StepFailure[] => {
        const { stepId, error } = entry.details as { stepId?: unknown; error?: unknown };
        const node = typeof stepId === 'string' ? index.byId.get(stepId) : undefined;
        if (!node) return [];
        const what = entry.action.replace(/^step\./, '') as StepFailure['what'];
        return [{ at: entry.at, what, stepId: node.id, label: node.label, ...(node.itemId ? { itemId: node.itemId } : {}), error: typeof error === 'string' ? error : '' }];
      }),
      ...(input.cleanup ? { cleanup: app.jobs.cleanup(input.jobId) } : {}),
      expandAll,
      ...(rows ? { rows: { total: rows.total, offset: 0, rows: rows.rows } } : {}),
      at,
    };
  },
  'jobs:rows': (input, app) => {
    const { index } = app.jobs.indexed(input.jobId);
    const window = rowWindow(index, { expandAll: input.expandAll, toggled: new Set(input.toggled) }, input.offset, input.limit);
    return { total: window.total, offset: input.offset, rows: window.rows };
  },
  'jobs:cleanup': (input, app) => app.jobs.cleanup(input.jobId),
  'jobs:changes': (input, app) => {
    const at = app.clock.now().toISOString(); // read before the job: a change made meanwhile is seen next time too
    const changes = app.jobs.changes(input.jobId, input.since);
    return { job: jobFields(view(changes.job, app)), steps: changes.steps, cleanup: changes.cleanup, at };
  },
  'jobs:confirm': async (input, app, context) => view(await app.jobs.confirm(input.jobId, input.stepId, input.note, input.revision, context), app),
  'jobs:complete-test': async (input, app, context) => view(await app.jobs.completeTest(input.jobId, input.notes, input.revision, context, input.verdict), app),
  'jobs:complete-failover': async (input, app, context) => view(await app.jobs.completeFailover(input.jobId, input.revision, context), app),
  'jobs:retry': async (input, app, context) => view(await app.jobs.retry(input.jobId, input.stepId, input.revision, context), app),
  'jobs:cancel': async (input, app, context) => view(await app.jobs.cancel(input.jobId, input.revision, context), app),
  'jobs:notes': async (input, app, context) => view(await app.jobs.notes(input.jobId, input.notes, input.revision, context), app),
  'jobs:step-history': (input, app) => {
    app.jobs.requireJob(input.jobId);
    return app.audit.stepHistory(input.jobId, input.stepId).map((entry): StepHistoryEntry => {
      const what = (entry.action === 'job.retried' ? 'retried' : entry.action.replace(/^step\./, '')) as StepHistoryEntry['what'];
      const { error, note } = entry.details as { error?: unknown; note?: unknown };
      return { at: entry.at, actor: entry.actor, what, ...(typeof error === 'string' ? { error } : {}), ...(typeof note === 'string' && note !== '' ? { note } : {}) };
    });
  },
  'jobs:mark-step-done': async (input, app, context) => view(await app.jobs.markStepDone(input.jobId, input.stepId, input.note, input.revision, context), app),
};
