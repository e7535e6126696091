import type { jobsChannels } from '../../contract/jobs.ts';
import type { HandlersFor } from './types.ts';

export const jobsHandlers: HandlersFor<keyof typeof jobsChannels> = {
  'jobs:start': async (input, app) => {
    const { notes, ...request } = input;
    return app.jobs.start(request, notes ?? '');
  },
  'jobs:list': (input, app) => app.jobs.list(input),
  'jobs:get': (input, app) => app.jobs.get(input.jobId),
  'jobs:confirm': (input, app) => app.jobs.confirm(input.jobId, input.stepId, input.note),
  'jobs:complete-test': (input, app) => app.jobs.completeTest(input.jobId, input.notes),
  'jobs:complete-failover': (input, app) => app.jobs.completeFailover(input.jobId),
  'jobs:retry': (input, app) => app.jobs.retry(input.jobId),
  'jobs:cancel': (input, app) => app.jobs.cancel(input.jobId),
  'jobs:notes': (input, app) => app.jobs.notes(input.jobId, input.notes),
  'jobs:mark-step-done': (input, app) => app.jobs.markStepDone(input.jobId, input.stepId, input.note),
};
