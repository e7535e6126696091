// Starting an operation: pre-flight, the step tree, and one transaction that inserts the job with its
// machine locks (LOCK) and its audit entry. A client request id makes a repeated start answer the job the first
// one created; a job on the same machines started after pre-flight looked makes this start a CONFLICT.
import { limitGroups } from '../domain/fabric/concurrency.ts';
import type { RequestContext } from '../domain/model/request-context.ts';
import type { CertificateBindings } from '../application/services.ts';
import { AppError } from '../contract/errors.ts';
import { newJobId } from '../domain/jobs/job-id.ts';
import type { FabricRegistry } from '../domain/ports/fabric-port.ts';
import type { Job } from '../domain/jobs/job-model.ts';
import type { Estate } from '../domain/model/estate.ts';
import type { AuditSink, JobRepository, UnitOfWork } from '../domain/ports/job-persistence.ts';
import { mayStart, type OperationRequest, type Preflight } from '../domain/model/operation.ts';
import type { Clock } from '../domain/time/clock.ts';
import { forceCompleteTestTimer } from './forced-completion.ts';
import { actorOf } from './job-write.ts';
import { builderFor, certificateFor, effectiveOperation, recoveryPointsFor } from './operations.ts';
import { actionsFor, scriptEnvironment } from './plan-actions.ts';
import type { Scheduler } from './scheduler.ts';
import { participatingScope, resolveScope } from './scope.ts';

export interface StartOptions {
  notes?: string;
  /** A client's id for this start: a retried or doubled request with the same id answers the one job it started. */
  requestId?: string;
}

export interface StartDeps<Tx> {
  batcher: UnitOfWork<Tx>;
  store: JobRepository<Tx>;
  audit: AuditSink<Tx>;
  clock: Clock;
  /** The estate; `fresh` sees every commit made before the call (LOCK: a start's pre-flight needs it). */
  estate: (options?: { fresh?: boolean }) => Estate;
  preflight: Preflight;
  certificates: CertificateBindings;
  registry: FabricRegistry;
  scheduler: Scheduler<Tx>;
}

/** The job this start created (`created`), or the one an earlier start with the same request id created. */
export async function createJob<Tx>(deps: StartDeps<Tx>, request: OperationRequest, options: StartOptions, context: RequestContext | undefined): Promise<{ job: Job; created: boolean }> {
  const { clock, store, audit, batcher } = deps;
  const { notes = '', requestId } = options;
  const earlier = requestId === undefined ? undefined : store.jobIdForRequest(requestId);
  if (earlier) return { job: store.get(earlier)!, created: false };
  // LOCK across processes. Read in this order, pre-flight cannot pass on a stale view: a job started after
  // `seenSeq` is refused in the insert transaction below; one started before it either still holds its machines
  // (`busy`, read next) or has finished, and then its effects are in the estate, read last.
  const seenSeq = store.lastSeq();
  const busyItemIds = store.busyItemIds();
  const estate = deps.estate({ fresh: true });
  const scope = resolveScope(estate, request);
  const certificate = await certificateFor(estate, request, deps.certificates);
  const recoveryPoints = await recoveryPointsFor(estate, request, deps.registry);
  const checks = deps.preflight(estate, request, { now: clock.now(), certificate, busyItemIds, recoveryPoints });
  if (!mayStart(checks)) {
    const failed = checks.filter((check) => check.status === 'fail');
    throw new AppError('PREFLIGHT_FAILED', `Pre-flight refused the ${request.operation}: ${failed.map((check) => check.message).join(' ')}`, failed);
  }
  const moving = participatingScope(estate, scope, request);
  // Only the actions whose runOn includes this operation (R10: by default no script in a test failover).
  const built = builderFor(effectiveOperation(estate, request, moving), deps.clock.now())(estate, request, actionsFor(moving, request.operation));
  const scriptEnv = scriptEnvironment(scope, request);
  for (const node of built.tree.nodes) if (node.op === 'script') node.args = { ...node.args, env: scriptEnv };
  limitGroups(built.tree.nodes, scope.plan ?? undefined); // the plan's limit as it is now: a resumed job keeps it
  const now = clock.now().toISOString();
  const job: Job = {
    id: newJobId(clock.now().getTime()),
    operation: request.operation,
    status: 'queued',
    phase: null,
    scopeName: scope.name,
    planId: scope.plan?.id ?? null,
    itemIds: [...new Set(built.tree.nodes.flatMap((node) => (node.itemId ? [node.itemId] : [])))],
    createdAt: now,
    progress: 0,
    notes,
    failurePolicy: built.failurePolicy,
    forced: false,
    cancelRequested: false,
    revision: 0,
    request,
    steps: built.tree.nodes,
    cleanup: [],
  };
  let answered: string | undefined;
  await batcher.write((db) => {
    // Checked again inside the transaction: of two starts with one request id, the second answers the first's job.
    answered = requestId === undefined ? undefined : store.jobIdForRequest(requestId, db);
    if (answered) return;
    // LOCK: pre-flight's view must still hold — no job on these machines started since it looked (that job may
    // already have finished and failed them over) — and the machine-lock rows are taken in this transaction.
    const since = store.startedSince(db, seenSeq, job.itemIds);
    if (since.length > 0) {
      throw new AppError('CONFLICT', `Another operation on ${scope.name} started (${since.join(', ')}) while this one was being checked; look at the machines again before starting.`);
    }
    store.insert(db, job, requestId);
    // R10: the two-week deadline is a durable timer committed with the job.
    if (job.operation === 'test-failover') deps.scheduler.scheduleWriter(forceCompleteTestTimer(job.id, job.createdAt))(db);
    audit.append(db, { at: now, action: 'job.created', jobId: job.id, details: { operation: job.operation, scope: job.scopeName, request, revision: 0, ...(requestId ? { requestId } : {}) }, ...actorOf(context) });
  });
  if (answered) return { job: store.get(answered)!, created: false };
  return { job, created: true };
}

