// Flattens a job's step tree (plan → group → item → step) into the visible rows of a virtual list, with each
// container's leaf counts for its progress bar. Presentation only: statuses come from the engine as they are.
import { isDone, isLeaf } from '../../../src-main/contract/pure.ts';
import type { StepNode, StepStatus } from '../../../src-main/contract/wire.ts';

export interface StepRow {
  node: StepNode;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  /** Leaves under a container (a leaf counts itself). */
  leaves: number;
  leavesDone: number;
  leavesFailed: number;
}

export interface StepIndex {
  children: Map<string, StepNode[]>;
  root: StepNode | undefined;
  counts: Map<string, { leaves: number; done: number; failed: number }>;
}

export function indexSteps(steps: readonly StepNode[]): StepIndex {
  const children = new Map<string, StepNode[]>();
  let root: StepNode | undefined;
  for (const node of steps) {
    if (node.parentId === null) {
      root = node;
      continue;
    }
    const list = children.get(node.parentId);
    if (list) list.push(node);
    else children.set(node.parentId, [node]);
  }
  for (const list of children.values()) list.sort((a, b) => a.ordinal - b.ordinal);
  const counts = new Map<string, { leaves: number; done: number; failed: number }>();
  const count = (node: StepNode): { leaves: number; done: number; failed: number } => {
    const kids = children.get(node.id);
    let result: { leaves: number; done: number; failed: number };
    if (!kids || kids.length === 0) {
      const leaf = isLeaf(node);
      result = { leaves: leaf ? 1 : 0, done: leaf && isDone(node.status) ? 1 : 0, failed: leaf && node.status === 'failed' ? 1 : 0 };
    } else {
      result = { leaves: 0, done: 0, failed: 0 };
      for (const kid of kids) {
        const sub = count(kid);
        result.leaves += sub.leaves;
        result.done += sub.done;
        result.failed += sub.failed;
      }
    }
    counts.set(node.id, result);
    return result;
  };
  if (root) count(root);
  return { children, root, counts };
}

/** Rows in tree order; children of collapsed containers are left out. The root (the job itself) is not a row. */
export function visibleRows(index: StepIndex, collapsed: ReadonlySet<string>): StepRow[] {
  const rows: StepRow[] = [];
  if (!index.root) return rows;
  const walk = (parentId: string, depth: number): void => {
    for (const node of index.children.get(parentId) ?? []) {
      const hasChildren = (index.children.get(node.id)?.length ?? 0) > 0;
      const expanded = hasChildren && !collapsed.has(node.id);
      const count = index.counts.get(node.id) ?? { leaves: 0, done: 0, failed: 0 };
      rows.push({ node, depth, hasChildren, expanded, leaves: count.leaves, leavesDone: count.done, leavesFailed: count.failed });
      if (expanded) walk(node.id, depth + 1);
    }
  };
  walk(index.root.id, 0);
  return rows;
}

/** Item containers start collapsed in a large job so the first render stays small; groups and phases open. */
export function defaultCollapsed(steps: readonly StepNode[], threshold = 200): Set<string> {
  const items = steps.filter((node) => node.kind === 'item');
  if (items.length <= threshold) return new Set();
  return new Set(items.map((node) => node.id));
}

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

export const STEP_STATUS_TONES: Record<StepStatus, 'success' | 'error' | 'warning' | 'info' | 'neutral'> = {
  pending: 'neutral',
  running: 'info',
  succeeded: 'success',
  failed: 'error',
  skipped: 'neutral',
  waiting: 'warning',
  'done-by-operator': 'success',
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
  tone: 'success' | 'error' | 'warning' | 'info' | 'neutral';
}

export function timeline(steps: readonly StepNode[], limit = 60): TimelineEntry[] {
  // Keeps the newest `limit` in order while walking once: a 2,000-machine job has 20,000 transitions.
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
    if (node.endedAt) add({ at: node.endedAt, nodeId: node.id, ...item, label: node.label, what: STEP_STATUS_LABELS[node.status].toLowerCase(), tone: STEP_STATUS_TONES[node.status] });
  }
  return newest;
}
