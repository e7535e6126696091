import type { dashboardChannels, DashboardSummary } from '../../../contract/dashboard.ts';
import { needsOperator } from '../../../domain/dashboard/attention.ts';
import { dashboardFigures } from '../../../domain/dashboard/summary.ts';
import { UNFINISHED_STATUSES, type JobSummary } from '../../../domain/jobs/job-model.ts';
import type { RecoveryPoint } from '../../../domain/model/estate.ts';
import type { HandlersFor } from './types.ts';

const RECENT_JOBS = 500;

export const dashboardHandlers: HandlersFor<keyof typeof dashboardChannels> = {
  'dashboard:summary': async (_input, app): Promise<DashboardSummary> => {
    const now = app.clock.now();
    const items = app.estate().items;
    // The fabric's points, read through the port from the adapter serving the item's site: replication keeps
    // producing them (and an injected lag holds them back).
    const points = new Map<string, RecoveryPoint[]>();
    await Promise.all(items.map(async (item) => points.set(item.id, await app.fabrics.forSite(item.activeSiteId).listRecoveryPoints(item.id))));
    const unfinished: JobSummary[] = UNFINISHED_STATUSES.flatMap((status) => app.jobs.list({ status, limit: 500 }));
    const activeJobs = [...unfinished].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    // The unfinished jobs and the newest 500 of all: a failure older than that has long been dealt with.
    const recent = app.jobs.list({ limit: RECENT_JOBS });
    const known = new Set(recent.map((job) => job.id));
    // Newest first by the database's own order (seq): the unfinished jobs not among the newest 500 are older.
    const jobs = [...recent, ...unfinished.filter((job) => !known.has(job.id))];
    const attention = needsOperator(jobs, items);
    return { ...dashboardFigures(items, (item) => points.get(item.id) ?? [], now), activeJobs, attention, at: now.toISOString() };
  },
};
