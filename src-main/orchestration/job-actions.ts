// Which operator decisions a job accepts now (R19): the renderer offers exactly these and decides nothing
// itself. Mirrors the guards of JobEngine's decision methods, which stay the authority (they re-check).
import { isLeaf, type Job, type StepNode } from '../domain/jobs/job-model.ts';
import { mayHaveRunSteps, partWayItems, retryableSteps } from './decisions.ts';

export interface ManualActionOffer {
  stepId: string;
  label: string;
  /** What the operator must do before confirming. */
  instructions: string;
}

export interface JobActions {
  /** Manual actions the job waits for. */
  confirm: ManualActionOffer[];
  /** R10: Complete Test with notes. */
  completeTest: boolean;
  /** R15: Complete Failover after synchronising before the failover. */
  completeFailover: boolean;
  /** R5: re-initiate; the failed steps run again. */
  retry: boolean;
  /** The steps a retry would run again. */
  retrySteps: string[];
  /** Scripts interrupted by a crash that may already have run: not in Retry; each retried on its own or marked done (docs/decisions.md, "Retry leaves out scripts that may already have run"). */
  mayHaveRun: { stepId: string; label: string }[];
  cancel: boolean;
  /** Why cancel is not offered although the job is unfinished (e.g. test machines to clean up). */
  cancelBlockedReason?: string;
  /** Offline first: when a fabric cannot be reached, failed or interrupted steps the operator may mark done by hand, with a note (audited). */
  markDone: string[];
  /** Notes can always be edited. */
  notes: true;
}

function waitingGate(job: Job, gate: StepNode['gate']): StepNode | undefined {
  return job.steps.find((node) => node.gate === gate && node.status === 'waiting');
}

/**
 * Decided from the job's persisted status. A running job can be cancelled from any console process: the one
 * that drives it stops it before its next step (`_drivenHere` no longer matters). A decision racing a change
 * of the job is refused by the engine (CONFLICT, compare-and-set on the job revision).
 */
export function availableActions(job: Job, _drivenHere = false): JobActions {
  const inFlight = job.status === 'running' || job.status === 'queued';
  const waiting = job.status === 'waiting-for-operator';
  const idle = waiting || job.status === 'failed' || job.status === 'partially-succeeded';
  const retrySteps = idle ? retryableSteps(job).map((node) => node.id) : [];
  const leftovers = job.operation === 'test-failover' && job.cleanup.some((entry) => !entry.deletedAt);
  let cancelBlockedReason: string | undefined;
  const partWay = idle ? partWayItems(job) : [];
  if (idle && leftovers) cancelBlockedReason = 'The test created machines or networks: complete the test to clean them up instead (R10).';
  else if (partWay.length > 0) cancelBlockedReason = `${partWay.join(', ')} shut down at the source and not started at the target: retry or mark the steps done first (R7).`;
  const actions: JobActions = {
    confirm: waiting
      ? job.steps
          .filter((node) => node.gate === 'manual-action' && node.status === 'waiting')
          .map((node) => ({ stepId: node.id, label: node.label, instructions: typeof node.args?.instructions === 'string' ? node.args.instructions : '' }))
      : [],
    completeTest: waiting && job.operation === 'test-failover' && waitingGate(job, 'complete-test') !== undefined,
    completeFailover: waiting && waitingGate(job, 'complete-failover') !== undefined,
    retry: retrySteps.length > 0,
    retrySteps,
    mayHaveRun: idle ? mayHaveRunSteps(job).map((node) => ({ stepId: node.id, label: node.label })) : [],
    cancel: inFlight ? !job.cancelRequested : idle && cancelBlockedReason === undefined,
    markDone: idle ? job.steps.filter((node) => isLeaf(node) && !node.gate && (node.status === 'failed' || node.status === 'waiting')).map((node) => node.id) : [],
    notes: true,
  };
  if (cancelBlockedReason) actions.cancelBlockedReason = cancelBlockedReason;
  return actions;
}
