// How step rows read: durations, status tones and labels, and the timeline of the steps that moved last. The
// rows themselves (visible rows, leaf counts) come from the engine (`jobs:rows`). Presentation only.
import { isLeaf } from '../../../src-main/contract/pure.ts';
import type { StepFailure } from '../../../src-main/contract/jobs.ts';
import type { StepNode, StepStatus } from '../../../src-main/contract/wire.ts';
import type { StatusTone } from '../status-palette.ts';

export function durationMs(node: Pick<StepNode, 'startedAt' | 'endedAt'>, now: number): number | null {
  if (!node.startedAt) return null;
  const end = node.endedAt ? Date.parse(node.endedAt) : now;
  return Math.max(0, end - Date.parse(node.startedAt));
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const STEP_STATUS_TONES: Record<StepStatus, StatusTone> = {
  pending: 'neutral',
  running: 'info',
  succeeded: 'success',
  failed: 'error',
  skipped: 'neutral',
  waiting: 'warning',
  'done-by-operator': 'operator', // done by hand: not to be read as the engine's own success
  cancelled: 'neutral',
};

export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
  waiting: 'Waiting for you',
  'done-by-operator': 'Done by operator',
  cancelled: 'Cancelled',
};

/** The most recent transitions (starts and ends), newest first: the job's timeline. */
export interface TimelineEntry {
  at: string;
  nodeId: string;
  itemId?: string;
  label: string;
  what: string;
  tone: StatusTone;
  error?: string;
}

/** How the trail's kinds of failure read in the timeline: only a failure is said as one. */
const FAILURE_KINDS: Record<StepFailure['what'], { what: string; tone: StatusTone }> = {
  failed: { what: 'failed', tone: 'error' },
  'outcome-unknown': { what: 'outcome unknown', tone: 'warning' },
  'cancelled-in-flight': { what: 'cancelled under way', tone: 'warning' },
};

/**
 * `failures` (the audit trail's) are the timeline's failures: they stay after a step was retried or marked done,
 * when the step itself no longer says it failed.
 */
export function timeline(steps: readonly StepNode[], failures: readonly StepFailure[] = [], limit = 60): TimelineEntry[] {
  // Keeps the newest `limit` in order while walking once: a 2,000-machine job has 20,000 transitions.
  const failed = new Set(failures.map((failure) => failure.stepId)); // told by the trail, not twice
  const newest: TimelineEntry[] = [];
  const add = (entry: TimelineEntry): void => {
    if (newest.length === limit && entry.at <= newest[limit - 1]!.at) return;
    let low = 0;
    let high = newest.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (newest[middle]!.at >= entry.at) low = middle + 1;
      else high = middle;
    }
    newest.splice(low, 0, entry);
    if (newest.length > limit) newest.pop();
  };
  for (const node of steps) {
    if (!isLeaf(node)) continue;
    const item = node.itemId ? { itemId: node.itemId } : {};
    if (node.startedAt) add({ at: node.startedAt, nodeId: node.id, ...item, label: node.label, what: 'started', tone: 'info' });
    if (node.endedAt && !(node.status === 'failed' && failed.has(node.id))) {
      add({ at: node.endedAt, nodeId: node.id, ...item, label: node.label, what: STEP_STATUS_LABELS[node.status].toLowerCase(), tone: STEP_STATUS_TONES[node.status] });
    }
  }
  for (const failure of failures) {
    const { what, tone } = FAILURE_KINDS[failure.what];
    add({ at: failure.at, nodeId: failure.stepId, ...(failure.itemId ? { itemId: failure.itemId } : {}), label: failure.label, what, tone, error: failure.error });
  }
  return newest;
}
