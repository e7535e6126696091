import { z } from 'zod';
import type { AttentionEntry } from '../domain/dashboard/attention.ts';
import type { DashboardFigures } from '../domain/dashboard/summary.ts';
import type { JobSummary } from './job-dto.ts';
import { channel, returns } from './define.ts';

export interface DashboardSummary extends DashboardFigures {
  /** Queued, running and waiting jobs, newest first, with their progress. */
  activeJobs: JobSummary[];
  /** What needs the operator, first what waits for a decision, each with what to do (shown first). */
  attention: AttentionEntry[];
  /** When the figures were computed (recovery-point ages are relative to it). */
  at: string;
}

export const dashboardChannels = {
  'dashboard:summary': channel({
    input: z.strictObject({}),
    output: returns<DashboardSummary>(),
    summary: "Items by replication and failover state, each item's recovery-point age against its replication frequency, and the unfinished jobs.",
  }),
};
