// A job is one operation with its options and a tree of steps (plan → group → item → step, plus actions
// and operator gates). Plain data: the store persists it, the orchestrator walks it, the renderer shows it.
import type { OperationKind, OperationRequest } from '../model/operation.ts';

export const JOB_STATUSES = [
  'queued',
  'running',
  'waiting-for-operator',
  'succeeded',
  'partially-succeeded',
  'failed',
  'cancelled',
  'completed-by-force',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const FINISHED_STATUSES: ReadonlySet<JobStatus> = new Set(['succeeded', 'partially-succeeded', 'failed', 'cancelled', 'completed-by-force']);
/** Items of these jobs are still taking part in an operation (one operation at a time per item). */
export const UNFINISHED_STATUSES: readonly JobStatus[] = ['queued', 'running', 'waiting-for-operator'];

export const STEP_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped', 'waiting', 'done-by-operator', 'cancelled'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export type NodeKind = 'job' | 'phase' | 'group' | 'item' | 'step' | 'action' | 'gate';

/** Where the job waits for a person. */
export type GateKind = 'complete-test' | 'complete-failover' | 'manual-action';

/** What a leaf does; each maps to one fabric call (or a local script). */
export const LEAF_OPS = [
  'check-site-reachable',
  'shutdown',
  'sync',
  'shutdown-and-sync',
  'create-replica',
  'start-replica',
  'create-test-network',
  'create-test-machine',
  'start-test-machine',
  'delete-test-machine',
  'delete-test-network',
  'commit',
  'change-recovery-point',
  'reverse-replication',
  'failback-snapshot',
  'failback-final-delta',
  'create-vm',
  'resynchronize',
  'script',
] as const;
export type LeafOp = (typeof LEAF_OPS)[number];

/** The fixed part of a node, decided when the job is created. */
export interface StepSpec {
  parallel?: boolean;
  /** A parallel container: how many children run at once, frozen from the plan when the job was created. */
  maxParallel?: number;
  op?: LeafOp;
  args?: Record<string, unknown>;
  gate?: GateKind;
  /** A failure here does not fail the item (R6: shutdown-and-sync falls back to the latest point). */
  optional?: boolean;
}

export interface StepNode extends StepSpec {
  id: string;
  parentId: string | null;
  ordinal: number;
  kind: NodeKind;
  label: string;
  itemId?: string;
  status: StepStatus;
  attempt: number;
  startedAt?: string;
  endedAt?: string;
  error?: string;
  output?: string;
  result?: Record<string, unknown>;
  note?: string;
}

export interface CleanupEntry {
  resourceId: string;
  kind: 'test-machine' | 'test-network';
  itemId?: string;
  createdAt: string;
  createdBy: string;
  deletedAt?: string;
  deletedBy?: string;
}

export type FailurePolicy = 'stop' | 'continue';

/** How a test failover went, as the operator who completed it judged it. */
export const TEST_VERDICTS = ['passed', 'passed-with-issues', 'failed'] as const;
export type TestVerdict = (typeof TEST_VERDICTS)[number];

export interface JobSummary {
  id: string;
  operation: OperationKind;
  status: JobStatus;
  /** What the job waits for, when it waits. */
  phase: GateKind | 'step-decision' | null;
  scopeName: string;
  planId: string | null;
  itemIds: string[];
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
  progress: number;
  notes: string;
  failurePolicy: FailurePolicy;
  forced: boolean;
  cancelRequested: boolean;
  /**
   * Bumped by every job-level change an operator could decide on (status, phase, gates, notes, cancel): a
   * decision names the revision it was taken on and is refused (CONFLICT) if the job moved on since.
   */
  revision: number;
  /** A test failover's outcome as the operator judged it at Complete Test (R10); absent until then. */
  verdict?: TestVerdict;
  /** Per-item outcome figures, e.g. R6's data-loss window. */
  summary?: Record<string, unknown>;
}

export interface Job extends JobSummary {
  request: OperationRequest;
  steps: StepNode[];
  cleanup: CleanupEntry[];
}

/** Leaves count towards progress; containers do not. */
export function isLeaf(node: Pick<StepNode, 'kind'>): boolean {
  return node.kind === 'step' || node.kind === 'action' || node.kind === 'gate';
}

export function isDone(status: StepStatus): boolean {
  return status === 'succeeded' || status === 'skipped' || status === 'done-by-operator';
}

/** The statuses with which a leaf counts towards progress: it has ended, either way. */
export const PROGRESS_ENDED_STATUSES: readonly StepStatus[] = ['succeeded', 'skipped', 'done-by-operator', 'failed'];
const PROGRESS_ENDED = new Set<StepStatus>(PROGRESS_ENDED_STATUSES);

export function endsForProgress(status: StepStatus): boolean {
  return PROGRESS_ENDED.has(status);
}

/**
 * A job's progress, the one figure every view shows (job page, list, dashboard, CLI, events): the share of its
 * leaves that have ended, in percent with one decimal.
 */
export function progressPercent(ended: number, total: number): number {
  return total === 0 ? 0 : Math.round((ended / total) * 1000) / 10;
}

export function progressOf(steps: readonly StepNode[]): number {
  let total = 0;
  let ended = 0;
  for (const node of steps) {
    if (!isLeaf(node)) continue;
    total += 1;
    if (endsForProgress(node.status)) ended += 1;
  }
  return progressPercent(ended, total);
}
