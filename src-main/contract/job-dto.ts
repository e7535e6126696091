// Jobs as they cross the wire. Written out here, not imported from the job engine, so the engine's own job
// record can change (leases, revisions, handles) without the renderer noticing: the handlers return the
// engine's records where they are assignable to these shapes, and a mapping function in the api layer takes
// over the day they are not (docs/architecture.md, "The contract owns the wire").
import type { LeafOp } from '../domain/jobs/job-model.ts';
import type { OperationKind, OperationRequest } from '../domain/model/operation.ts';

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

export const STEP_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped', 'waiting', 'done-by-operator', 'cancelled'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export type NodeKind = 'job' | 'phase' | 'group' | 'item' | 'step' | 'action' | 'gate';
export type GateKind = 'complete-test' | 'complete-failover' | 'manual-action';

export interface StepNode {
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
  parallel?: boolean;
  /** The fabric call or script the step makes. */
  op?: LeafOp;
  args?: Record<string, unknown>;
  gate?: GateKind;
  optional?: boolean;
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

export interface JobSummary {
  id: string;
  operation: OperationKind;
  status: JobStatus;
  phase: GateKind | 'step-decision' | null;
  scopeName: string;
  planId: string | null;
  itemIds: string[];
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
  progress: number;
  notes: string;
  failurePolicy: 'stop' | 'continue';
  forced: boolean;
  cancelRequested: boolean;
  /** Compare-and-set: a decision names the revision it was taken on and is refused (CONFLICT) if the job moved on. */
  revision: number;
  /** R10: a test failover's verdict, as the operator who completed it judged it. */
  verdict?: 'passed' | 'passed-with-issues' | 'failed';
  summary?: Record<string, unknown>;
}

export interface Job extends JobSummary {
  /** What was asked for (the validated `jobs:start` input). */
  request: OperationRequest;
  steps: StepNode[];
  cleanup: CleanupEntry[];
}

export interface ManualActionOffer {
  stepId: string;
  label: string;
  instructions: string;
}

/** The operator decisions a job accepts now (R19): the renderer offers exactly these and decides nothing. */
export interface JobActions {
  confirm: ManualActionOffer[];
  completeTest: boolean;
  completeFailover: boolean;
  retry: boolean;
  retrySteps: string[];
  mayHaveRun: { stepId: string; label: string }[];
  cancel: boolean;
  cancelBlockedReason?: string;
  markDone: string[];
  notes: true;
}

/** One item of a job as the engine sums it up: where it is, and its error if any (windowed job views). */
export interface ItemSummary {
  nodeId: string;
  itemId: string;
  label: string;
  status: StepStatus;
  currentStep?: string;
  error?: string;
  leaves: number;
  leavesDone: number;
}

/** One group of a job: its items counted by status, and its leaves. */
export interface GroupSummary {
  nodeId: string;
  label: string;
  items: number;
  itemsByStatus: Partial<Record<StepStatus, number>>;
  leaves: number;
  leavesDone: number;
  leavesFailed: number;
}

/** One visible row of a job's step tree, with the leaf counts of a container (computed by the engine). */
export interface StepRow {
  node: StepNode;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  leaves: number;
  leavesDone: number;
  leavesFailed: number;
  item?: Pick<ItemSummary, 'status' | 'currentStep' | 'error'>;
}

/** Leaves count towards progress; containers do not. */
export function isLeaf(node: Pick<StepNode, 'kind'>): boolean {
  return node.kind === 'step' || node.kind === 'action' || node.kind === 'gate';
}

export function isDone(status: StepStatus): boolean {
  return status === 'succeeded' || status === 'skipped' || status === 'done-by-operator';
}
