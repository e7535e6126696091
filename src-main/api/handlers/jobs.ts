import type { AppContext } from '../../app/context.ts';
import type { RequestContext } from '../../app/request-context.ts';
import type { JobView, jobsChannels } from '../../contract/jobs.ts';
import { changesSince } from '../../engine/jobs/job-changes.ts';
import type { Job } from '../../engine/jobs/job-model.ts';
import { availableActions } from '../../engine/orchestrator/job-actions.ts';
import { currentActor } from '../../store/audit-log.ts';
import type { HandlersFor } from './types.ts';

/** R19: every reply about one job says which decisions it accepts now. */
function view(job: Job, app: AppContext): JobView {
  return { ...job, actions: availableActions(job, app.jobs.isDriving(job.id)) };
}

/**
 * Who decides: the OS user running this console (desktop, CLI and web host run as one local operator). The
 * transports will hand every use case their own context (principal, session, client version) instead.
 */
function operator(): RequestContext {
  return { principal: currentActor(), session: { transport: 'internal', id: `pid-${process.pid}` } };
}

export const jobsHandlers: HandlersFor<keyof typeof jobsChannels> = {
  'jobs:start': async (input, app) => {
    const { notes, requestId, ...request } = input;
    return app.jobs.start(request, { notes: notes ?? '', ...(requestId ? { requestId } : {}) }, operator());
  },
  'jobs:list': (input, app) => app.jobs.list(input),
  'jobs:get': (input, app) => view(app.jobs.get(input.jobId), app),
  'jobs:changes': (input, app) => {
    const at = app.clock.now().toISOString(); // read before the job: a change made meanwhile is seen next time too
    const full = view(app.jobs.get(input.jobId), app);
    const { steps: _steps, cleanup: _cleanup, ...job } = full;
    return { job, ...changesSince(full, input.since), at };
  },
  'jobs:confirm': async (input, app) => view(await app.jobs.confirm(input.jobId, input.stepId, input.note, input.revision, operator()), app),
  'jobs:complete-test': async (input, app) => view(await app.jobs.completeTest(input.jobId, input.notes, input.revision, operator()), app),
  'jobs:complete-failover': async (input, app) => view(await app.jobs.completeFailover(input.jobId, input.revision, operator()), app),
  'jobs:retry': async (input, app) => view(await app.jobs.retry(input.jobId, input.stepId, input.revision, operator()), app),
  'jobs:cancel': async (input, app) => view(await app.jobs.cancel(input.jobId, input.revision, operator()), app),
  'jobs:notes': async (input, app) => view(await app.jobs.notes(input.jobId, input.notes, input.revision, operator()), app),
  'jobs:mark-step-done': async (input, app) => view(await app.jobs.markStepDone(input.jobId, input.stepId, input.note, input.revision, operator()), app),
};
