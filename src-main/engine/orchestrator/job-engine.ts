// The orchestrator's front door: starts operations after pre-flight, drives their jobs, and applies the
// operator's decisions (confirm, complete test, complete failover, retry, cancel, notes, mark done).
// Every decision is committed and audited before the job moves on.
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../contract/errors.ts';
import type { EventHub } from '../../app/events.ts';
import { log } from '../../app/log.ts';
import type { CertificateBindings } from '../../app/services.ts';
import type { AuditLog } from '../../store/audit-log.ts';
import type { JobStore } from '../../store/job-store.ts';
import type { WriteBatcher } from '../../store/write-batcher.ts';
import type { FabricRegistry } from '../ports/fabric-port.ts';
import type { FabricCaller } from './fabric-call.ts';
import { FINISHED_STATUSES, isLeaf, type Job, type StepNode } from '../jobs/job-model.ts';
import type { Estate } from '../model/estate.ts';
import { mayStart, type OperationRequest, type Preflight } from '../model/operation.ts';
import type { Clock } from '../time/clock.ts';
import { mayHaveRunSteps, reopenAfter, retryableSteps, sameKeyOnRetry } from './decisions.ts';
import { JobEvents } from './job-events.ts';
import { JobRunner, type Outcome } from './job-runner.ts';
import { builderFor, certificateFor, effectiveOperation } from './operations.ts';
import { resolveScope, withoutItemsOnTarget } from './scope.ts';
import { actionsFor, scriptEnvironment } from './plan-actions.ts';
import { finalStatus, jobSummaryFigures, waitingPhase } from './job-summary.ts';

/** R10: a test failover left open longer than this is completed by force. */
export const TEST_FAILOVER_MAX_AGE_MS = 14 * 86_400_000;
const MAINTENANCE_INTERVAL_MS = 60_000;

export interface JobEngineDeps {
  db: DatabaseSync;
  batcher: WriteBatcher;
  store: JobStore;
  audit: AuditLog;
  /** Routes each site to its fabric adapter (port v2). */
  registry: FabricRegistry;
  /** Journals and reconciles each fabric call (intent, handle, outcome). */
  calls: FabricCaller;
  clock: Clock;
  events: EventHub;
  estate: () => Estate;
  preflight: Preflight;
  certificates: CertificateBindings;
  maxParallelItems?: number;
  stepTimeoutMs?: number;
  /** After a cancel, how long a call under way may take before it counts as hung and is aborted. */
  cancelGraceMs?: number;
}

export class JobEngine {
  readonly #deps: JobEngineDeps;
  readonly #token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  readonly #drivers = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  readonly #active = new Map<string, JobRunner>();
  readonly #events: JobEvents;
  #closing = false;
  #maintenance: NodeJS.Timeout | undefined;

  constructor(deps: JobEngineDeps) {
    this.#deps = deps;
    this.#events = new JobEvents(deps.events);
  }

  // ---- starting ----------------------------------------------------------------------------------------

  async start(request: OperationRequest, notes = ''): Promise<Job> {
    const { clock, store, audit, batcher } = this.#deps;
    const estate = this.#deps.estate();
    const scope = resolveScope(estate, request);
    const checks = this.#deps.preflight(estate, request, {
      now: clock.now(),
      certificate: await certificateFor(estate, request, this.#deps.certificates),
      busyItemIds: store.busyItemIds(),
    });
    if (!mayStart(checks)) {
      const failed = checks.filter((check) => check.status === 'fail');
      throw new AppError('PREFLIGHT_FAILED', `Pre-flight refused the ${request.operation}: ${failed.map((check) => check.message).join(' ')}`, failed);
    }
    const moving = withoutItemsOnTarget(scope, request);
    // Only the actions whose runOn includes this operation (R10: by default no script in a test failover).
    const built = builderFor(effectiveOperation(estate, request, moving), this.#deps.clock.now())(estate, request, actionsFor(moving, request.operation));
    const scriptEnv = scriptEnvironment(scope, request);
    for (const node of built.tree.nodes) if (node.op === 'script') node.args = { ...node.args, env: scriptEnv };
    const now = clock.now().toISOString();
    const job: Job = {
      id: '',
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
      request,
      steps: built.tree.nodes,
      cleanup: [],
    };
    await batcher.write((db) => {
      // Checked again inside the transaction: two starts racing for one item cannot both win (LOCK).
      const busy = store.busyItemIds();
      const clash = job.itemIds.filter((id) => busy.has(id));
      if (clash.length > 0) throw new AppError('CONFLICT', `${clash.join(', ')} already take part in an unfinished job.`);
      job.id = store.nextJobId();
      store.insert(db, job);
      audit.append(db, { at: now, action: 'job.created', jobId: job.id, details: { operation: job.operation, scope: job.scopeName, request } });
    });
    this.#launch(job.id);
    return job;
  }

  // ---- driving -----------------------------------------------------------------------------------------

  /** Drives every job a crash left queued or running (issue 4 §5). */
  resumeAll(): string[] {
    const ids = this.#deps.store.inFlightJobIds();
    for (const id of ids) this.#launch(id);
    return ids;
  }

  /** Background upkeep for long-running hosts (desktop, web): resume, R10 forced completion, periodically. */
  startBackground(): void {
    void this.maintain().catch((error: unknown) => log.error('forced completion check failed', { error }));
    this.resumeAll();
    // Also picks up jobs that a killed CLI left in flight while this host was running.
    this.#maintenance = setInterval(() => {
      void this.maintain().catch((error: unknown) => log.error('forced completion check failed', { error }));
      this.resumeAll();
    }, MAINTENANCE_INTERVAL_MS);
    this.#maintenance.unref();
  }

  /** R10: test failovers open for more than two weeks are completed by force and cleaned up. */
  async maintain(): Promise<string[]> {
    const now = this.#deps.clock.now().getTime();
    const forced: string[] = [];
    for (const summary of this.#deps.store.list({ operation: 'test-failover', status: 'waiting-for-operator', limit: 10_000 })) {
      if (now - Date.parse(summary.startedAt ?? summary.createdAt) <= TEST_FAILOVER_MAX_AGE_MS) continue;
      const job = this.#load(summary.id);
      const gate = job.steps.find((node) => node.gate === 'complete-test' && node.status === 'waiting');
      if (!gate) continue;
      this.#resolve(gate, 'succeeded', 'Completed by force: the test failover was open for more than two weeks (R10).');
      await this.#commitDecision(job, [gate], { forced: true, status: 'running', phase: null }, 'test.completed-by-force', {});
      forced.push(job.id);
      this.#launch(job.id);
    }
    return forced;
  }

  /** Resolves when no job is being driven by this process. */
  async settled(): Promise<void> {
    while (this.#drivers.size > 0) await Promise.allSettled([...this.#drivers.values()]);
  }

  /** Resolves when this process stops driving `jobId` (finished, waiting for the operator, or stopped). */
  async settledJob(jobId: string): Promise<void> {
    while (this.#drivers.has(jobId)) await this.#drivers.get(jobId);
  }

  isDriving(jobId: string): boolean {
    return this.#drivers.has(jobId);
  }

  close(): void {
    this.#closing = true;
    if (this.#maintenance) clearInterval(this.#maintenance);
    this.#events.close();
  }

  #launch(jobId: string): void {
    if (this.#closing) return;
    if (this.#drivers.has(jobId)) {
      this.#again.add(jobId);
      return;
    }
    const driver = (async () => {
      do {
        this.#again.delete(jobId);
        await this.#drive(jobId);
      } while (this.#again.has(jobId) && !this.#closing);
    })()
      .catch((error: unknown) => {
        if (!this.#closing) log.error('job driver failed', { jobId, error });
      })
      .finally(() => this.#drivers.delete(jobId));
    this.#drivers.set(jobId, driver);
  }

  async #drive(jobId: string): Promise<void> {
    const { store, batcher, audit, clock } = this.#deps;
    if (!store.acquire(jobId, this.#token)) return; // another live process drives it
    const job = store.get(jobId);
    if (!job || FINISHED_STATUSES.has(job.status) || job.status === 'waiting-for-operator') {
      await batcher.write(store.releaseWriter(jobId, this.#token));
      return;
    }
    const runner = new JobRunner(job, {
      registry: this.#deps.registry,
      calls: this.#deps.calls,
      store,
      batcher,
      audit,
      clock,
      maxParallelItems: this.#deps.maxParallelItems ?? 20,
      stepTimeoutMs: this.#deps.stepTimeoutMs ?? 30 * 60_000,
      ...(this.#deps.cancelGraceMs === undefined ? {} : { cancelGraceMs: this.#deps.cancelGraceMs }),
      onTransition: (current, node, changed) => this.#events.transition(current, node, changed),
      shouldStop: () => this.#closing,
    });
    this.#active.set(jobId, runner);
    try {
      if (job.status !== 'running') {
        job.status = 'running';
        job.startedAt ??= clock.now().toISOString();
        await this.#writeJob(job, { status: 'running', startedAt: job.startedAt, phase: null }, 'job.running');
      }
      const outcome = await runner.run();
      if (this.#closing && !job.cancelRequested) return; // resumed on the next open
      await this.#finish(job, outcome);
    } finally {
      this.#active.delete(jobId);
      if (!this.#closing) await batcher.write(store.releaseWriter(jobId, this.#token)).catch(() => undefined);
    }
  }

  async #finish(job: Job, outcome: Outcome): Promise<void> {
    const now = this.#deps.clock.now().toISOString();
    const status = finalStatus(job, outcome);
    job.status = status;
    job.phase = status === 'waiting-for-operator' ? waitingPhase(job.steps) : null;
    const finished = FINISHED_STATUSES.has(status);
    if (finished) job.endedAt = now;
    job.summary = jobSummaryFigures(job);
    if (status === 'cancelled') {
      // What was under way when the cancel came has stopped; what never started stays pending.
      const stopped = job.steps.filter((node) => node.status === 'running');
      for (const node of stopped) {
        node.status = 'cancelled';
        node.endedAt = now;
      }
      if (stopped.length > 0) await this.#deps.batcher.write(this.#deps.store.stepWriter(job.id, stopped));
    }
    await this.#writeJob(job, { status, phase: job.phase, summary: job.summary, ...(finished ? { endedAt: now } : {}) }, `job.${status}`);
    this.#events.progress(job);
  }

  // ---- operator decisions --------------------------------------------------------------------------------

  list(filter: Parameters<JobStore['list']>[0] = {}) {
    return this.#deps.store.list(filter);
  }

  get(jobId: string): Job {
    const active = this.#active.get(jobId);
    if (active) return { ...active.job, cleanup: this.#deps.store.cleanup(jobId) };
    return this.#load(jobId);
  }

  async confirm(jobId: string, stepId: string | undefined, note: string | undefined): Promise<Job> {
    const job = this.#waitingJob(jobId);
    const gate = job.steps.find((node) => node.gate === 'manual-action' && node.status === 'waiting' && (!stepId || node.id === stepId));
    if (!gate) throw new AppError('CONFLICT', `Job ${jobId} is not waiting for a manual action${stepId ? ` at ${stepId}` : ''}.`);
    this.#resolve(gate, 'succeeded', note);
    await this.#decide(job, [gate], 'action.confirmed', { stepId: gate.id, note: note ?? '' });
    return this.get(jobId);
  }

  async completeTest(jobId: string, notes: string): Promise<Job> {
    const job = this.#waitingJob(jobId);
    const gate = job.steps.find((node) => node.gate === 'complete-test' && node.status === 'waiting');
    if (job.operation !== 'test-failover' || !gate) throw new AppError('CONFLICT', `Job ${jobId} is not at the Complete testing phase (R10).`);
    this.#resolve(gate, 'succeeded', notes);
    job.notes = appendNotes(job.notes, notes);
    await this.#decide(job, [gate], 'test.completed', { notes }, { notes: job.notes });
    return this.get(jobId);
  }

  async completeFailover(jobId: string): Promise<Job> {
    const job = this.#waitingJob(jobId);
    const gate = job.steps.find((node) => node.gate === 'complete-failover' && node.status === 'waiting');
    if (!gate) throw new AppError('CONFLICT', `Job ${jobId} is not waiting for Complete Failover (R15).`);
    this.#resolve(gate, 'succeeded');
    await this.#decide(job, [gate], 'failover.completed', {});
    return this.get(jobId);
  }

  /**
   * R5: re-initiating resumes from the failed step; completed steps are not redone. A script that may already
   * have run (interrupted by a crash) is retried only when named by `stepId` (finding 7).
   */
  async retry(jobId: string, stepId?: string): Promise<Job> {
    const job = this.#idleJob(jobId);
    const candidates = stepId ? [...retryableSteps(job), ...mayHaveRunSteps(job)] : retryableSteps(job);
    const retryable = stepId ? candidates.filter((node) => node.id === stepId) : candidates;
    if (!['failed', 'partially-succeeded', 'waiting-for-operator'].includes(job.status) || retryable.length === 0) {
      const uncertain = stepId ? [] : mayHaveRunSteps(job);
      if (uncertain.length > 0) {
        throw new AppError('CONFLICT', `Job ${jobId} has only scripts that may already have run (${uncertain.map((node) => node.id).join(', ')}): retry each one on its own or mark it done.`);
      }
      throw new AppError('CONFLICT', stepId ? `Step ${stepId} of job ${jobId} is not a failed or interrupted step.` : `Job ${jobId} has no failed step to retry.`);
    }
    const changed = retryable.flatMap((node) => {
      // A failed call was not applied: a new idempotency key. A fabric call whose outcome is unknown (it timed
      // out) may still apply: the same key, so the fabric applies it at most once. Scripts have no key.
      if (!sameKeyOnRetry(node)) node.attempt += 1;
      node.status = 'pending';
      delete node.error;
      delete node.endedAt;
      return [node, ...reopenAfter(job, node)];
    });
    // A retry after a cancel that returned the job to the operator runs it again rather than cancelling it.
    job.cancelRequested = false;
    await this.#decide(job, changed, 'job.retried', { steps: retryable.map((node) => node.id) }, { endedAt: null, cancelRequested: false });
    return this.get(jobId);
  }

  /** PRODUCT §6 offline: the operator did the step by hand; the note says how (audited). */
  async markStepDone(jobId: string, stepId: string, note: string): Promise<Job> {
    const job = this.#idleJob(jobId);
    const node = job.steps.find((candidate) => candidate.id === stepId);
    if (!node || !isLeaf(node) || node.gate || !(node.status === 'failed' || node.status === 'waiting')) {
      throw new AppError('CONFLICT', `Step ${stepId} of job ${jobId} is not a failed or interrupted step.`);
    }
    this.#resolve(node, 'done-by-operator', note);
    await this.#decide(job, [node, ...reopenAfter(job, node)], 'step.marked-done', { stepId, note }, { endedAt: null });
    return this.get(jobId);
  }

  async notes(jobId: string, notes: string): Promise<Job> {
    this.#load(jobId);
    const active = this.#active.get(jobId);
    if (active) active.job.notes = notes;
    await this.#deps.batcher.write((db) => {
      this.#deps.store.jobWriter(jobId, { notes })(db);
      this.#deps.audit.append(db, { at: this.#deps.clock.now().toISOString(), action: 'job.notes', jobId, details: { notes } });
    });
    return this.get(jobId);
  }

  /** Cancel where it is safe: never halfway through a fabric call, never leaving test machines behind. */
  async cancel(jobId: string): Promise<Job> {
    const active = this.#active.get(jobId);
    if (active) {
      active.job.cancelRequested = true;
      active.requestCancel(); // a hung call is aborted now, not at the step timeout
      await this.#writeJob(active.job, { cancelRequested: true }, 'job.cancel-requested');
      await this.settledJob(jobId);
      return this.get(jobId);
    }
    const job = this.#load(jobId);
    if (FINISHED_STATUSES.has(job.status) && job.status !== 'failed' && job.status !== 'partially-succeeded') {
      throw new AppError('CONFLICT', `Job ${jobId} has already finished (${job.status}).`);
    }
    if (job.status === 'running' || job.status === 'queued') {
      throw new AppError('CONFLICT', `Job ${jobId} is being run by another console process; cancel it there.`);
    }
    if (job.operation === 'test-failover' && job.cleanup.some((entry) => !entry.deletedAt)) {
      throw new AppError('CONFLICT', `Job ${jobId} created test machines or networks: complete the test to clean them up instead (R10).`);
    }
    const now = this.#deps.clock.now().toISOString();
    job.status = 'cancelled';
    await this.#writeJob(job, { status: 'cancelled', phase: null, endedAt: now }, 'job.cancelled');
    return this.get(jobId);
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  #load(jobId: string): Job {
    const job = this.#deps.store.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', `There is no job ${jobId}.`);
    return job;
  }

  #waitingJob(jobId: string): Job {
    const job = this.#load(jobId);
    if (job.status !== 'waiting-for-operator') throw new AppError('CONFLICT', `Job ${jobId} is not waiting for the operator (it is ${job.status}).`);
    return job;
  }

  #idleJob(jobId: string): Job {
    if (this.#active.has(jobId)) throw new AppError('CONFLICT', `Job ${jobId} is running; wait until it stops.`);
    const job = this.#load(jobId);
    if (job.status === 'running' || job.status === 'queued' || job.status === 'cancelled' || job.status === 'succeeded' || job.status === 'completed-by-force') {
      throw new AppError('CONFLICT', `Job ${jobId} is ${job.status}.`);
    }
    if (job.status !== 'waiting-for-operator') {
      // A finished job released its machines; another job may have taken them since (LOCK).
      const busy = this.#deps.store.busyItemIds();
      const taken = job.itemIds.filter((id) => busy.has(id));
      if (taken.length > 0) throw new AppError('CONFLICT', `${taken.join(', ')} now take part in another unfinished job; finish it first.`);
    }
    return job;
  }

  #resolve(node: StepNode, status: 'succeeded' | 'done-by-operator', note?: string): void {
    node.status = status;
    node.endedAt = this.#deps.clock.now().toISOString();
    delete node.error;
    if (note) node.note = note;
  }

  /** Commits an operator decision with its audit entry, then drives the job on. */
  async #decide(job: Job, nodes: readonly StepNode[], action: string, details: Record<string, unknown>, patch: { notes?: string; endedAt?: null; cancelRequested?: boolean } = {}): Promise<void> {
    await this.#commitDecision(job, nodes, { status: 'running', phase: null, ...patch }, action, details);
    this.#launch(job.id);
  }

  #commitDecision(job: Job, nodes: readonly StepNode[], patch: Parameters<JobStore['jobWriter']>[1], action: string, details: Record<string, unknown>): Promise<void> {
    const { store, audit, batcher, clock } = this.#deps;
    Object.assign(job, patch);
    const at = clock.now().toISOString();
    const writeSteps = store.stepWriter(job.id, nodes);
    const writeJob = store.jobWriter(job.id, patch);
    return batcher.write((db) => {
      writeSteps(db);
      writeJob(db);
      audit.append(db, { at, action, jobId: job.id, details });
    });
  }

  #writeJob(job: Job, patch: Parameters<JobStore['jobWriter']>[1], action: string): Promise<void> {
    return this.#commitDecision(job, [], patch, action, { status: job.status });
  }

  /** Group-commit figures (benchmark). */
  writeStats(): { commits: number; writes: number } {
    return { ...this.#deps.batcher.stats };
  }

  /** Items in unfinished jobs (LOCK), for pre-flight and the app context. */
  busyItemIds(): Set<string> {
    return this.#deps.store.busyItemIds();
  }
}

function appendNotes(existing: string, added: string): string {
  return existing ? `${existing}\n${added}` : added;
}

