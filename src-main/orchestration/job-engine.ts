// The orchestrator's front door: starts operations after pre-flight, drives their jobs, and applies the
// operator's decisions (confirm, complete test, complete failover, retry, cancel, notes, mark done).
// Every decision is committed and audited before the job moves on.
import { AppError } from '../contract/errors.ts';
import type { EventHub } from '../application/events.ts';
import { log } from '../application/log.ts';
import type { RequestContext } from '../domain/model/request-context.ts';
import { SYSTEM_CONTEXT } from '../domain/model/request-context.ts';
import type { CertificateBindings } from '../application/services.ts';
import type { AuditSink, JobFilter, JobPatch, JobRepository, LeaseRepository, UnitOfWork } from '../domain/ports/job-persistence.ts';
import type { FabricRegistry } from '../domain/ports/fabric-port.ts';
import type { FabricCaller } from './fabric-call.ts';
import { changesSince } from '../domain/jobs/job-changes.ts';
import { indexTree, type TreeIndex } from '../domain/jobs/job-outline.ts';
import { FINISHED_STATUSES, isLeaf, progressOf, type CleanupEntry, type Job, type StepNode, type TestVerdict } from '../domain/jobs/job-model.ts';
import type { Estate } from '../domain/model/estate.ts';
import type { OperationRequest, Preflight } from '../domain/model/operation.ts';
import type { Clock } from '../domain/time/clock.ts';
import { mayHaveRunSteps, partWayItems, reopenAfter, retryableSteps, sameKeyOnRetry } from './decisions.ts';
import { JobEvents } from './job-events.ts';
import { JobRunner, type Outcome } from './job-runner.ts';
import { finalStatus, jobSummaryFigures, waitingPhase } from './job-summary.ts';
import { FORCE_COMPLETE_TEST_KIND, FORCED, forceCompleteTestHandler } from './forced-completion.ts';
import type { Scheduler } from './scheduler.ts';
import { idleJob, loadJob, loadJobAt, onLatestRevision, waitingJob } from './decision-guards.ts';
import { createJob, type StartOptions } from './job-start.ts';
import { commitJobWrite, type WriteOptions } from './job-write.ts';
import { LeaseKeeper, type LeaseOptions } from './lease-keeper.ts';

export { TEST_FAILOVER_MAX_AGE_MS } from './forced-completion.ts';
const MAINTENANCE_INTERVAL_MS = 60_000;

/** `Tx` is the persistence adapter's transaction handle (the SQLite adapter's: its connection). */
export interface JobEngineDeps<Tx> {
  batcher: UnitOfWork<Tx>;
  store: JobRepository<Tx>;
  audit: AuditSink<Tx>;
  leases: LeaseRepository<Tx>;
  /** Routes each site to its fabric adapter (port v2). */
  registry: FabricRegistry;
  /** Journals and reconciles each fabric call (intent, handle, outcome). */
  calls: FabricCaller<Tx>;
  clock: Clock;
  events: EventHub;
  /** The estate; `fresh` sees every commit made before the call (LOCK: a start's pre-flight needs it). */
  estate: (options?: { fresh?: boolean }) => Estate;
  preflight: Preflight;
  certificates: CertificateBindings;
  /** Durable timers: R10's forced completion is one (forced-completion.ts). */
  scheduler: Scheduler<Tx>;
  /**
   * A cap on top of the concurrency rule (domain/fabric/concurrency.ts) for tests of the runner's mechanics that
   * need few machines at a time; the product and its benchmark leave it unset.
   */
  maxParallelItems?: number;
  stepTimeoutMs?: number;
  /** Lease length, heartbeat and clock for driving jobs (defaults: 30 s, 5 s, the engine's clock). */
  lease?: LeaseOptions;
  /** After a cancel, how long a call under way may take before it counts as hung and is aborted. */
  cancelGraceMs?: number;
}

export class JobEngine<Tx> {
  readonly #deps: JobEngineDeps<Tx>;
  readonly #leases: LeaseKeeper<Tx>;
  readonly #drivers = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  readonly #active = new Map<string, JobRunner<Tx>>();
  readonly #events: JobEvents;
  #closing = false;
  #maintenance: NodeJS.Timeout | undefined;

  constructor(deps: JobEngineDeps<Tx>) {
    this.#deps = deps;
    this.#events = new JobEvents(deps.events, (job) => this.#active.get(job.id)?.committedSteps() ?? job.steps);
    deps.scheduler.register(FORCE_COMPLETE_TEST_KIND, forceCompleteTestHandler({ store: deps.store, audit: deps.audit, launch: (jobId) => this.#launch(jobId) }));
    this.#leases = new LeaseKeeper(deps.leases, deps.batcher, () => deps.clock.now().getTime(), deps.lease);
    // The owner of a job learns of a cancel asked in another process, and of a lost lease, on its heartbeat.
    this.#leases.start((report) => {
      for (const jobId of report.cancelRequested) this.#active.get(jobId)?.requestCancel();
    });
  }

  // ---- starting ----------------------------------------------------------------------------------------

  async start(request: OperationRequest, options: string | StartOptions = '', context?: RequestContext): Promise<Job> {
    const { job, created } = await createJob(this.#deps, request, typeof options === 'string' ? { notes: options } : options, context);
    if (!created) return this.get(job.id); // the same request again: the job it started
    this.#launch(job.id, job);
    return job;
  }

  // ---- driving -----------------------------------------------------------------------------------------

  /** Drives every job a crash left queued or running: on restart, jobs in flight resume (docs/decisions.md "Engine: one driver per job across processes"). */
  resumeAll(): string[] {
    const now = this.#leases.now();
    // A job whose lease a live process holds is that process's to drive; an expired lease is anyone's.
    const ids = this.#deps.store.inFlightJobIds().filter((id) => this.#drivers.has(id) || !this.#leases.store.held(id, now));
    for (const id of ids) this.#launch(id);
    return ids;
  }

  /** Jobs left in flight whose lease another live process holds now. */
  heldElsewhere(): string[] {
    const now = this.#leases.now();
    return this.#deps.store.inFlightJobIds().filter((id) => !this.#drivers.has(id) && this.#leases.store.held(id, now));
  }

  /**
   * Waits until `jobId` rests, driving it here as soon as its lease expires (its owner crashed) — or at once when
   * nobody holds it. A live owner keeps renewing its lease, so this then only watches.
   */
  async driveWhenFree(jobId: string, pollMs = 250): Promise<void> {
    while (!this.#closing) {
      if (this.#drivers.has(jobId)) {
        await this.settledJob(jobId);
        continue;
      }
      const job = this.#deps.store.get(jobId);
      if (!job || (job.status !== 'running' && job.status !== 'queued')) return;
      if (!this.#leases.store.held(jobId, this.#leases.now())) this.#launch(jobId);
      if (!this.#drivers.has(jobId)) await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, this.#leases.heartbeatMs)));
    }
  }

  /** Who holds the job's lease, and whether it is live now (`jobs watch`). */
  lease(jobId: string): { owner: string | null; epoch: number; expiresAt: number | null; live: boolean } | undefined {
    const state = this.#leases.store.state(jobId);
    return state && { ...state, live: this.#leases.store.held(jobId, this.#leases.now()) };
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

  /** Fires due durable timers (R10: test failovers open for more than two weeks are completed by force). */
  async maintain(): Promise<string[]> {
    const fired = await this.#deps.scheduler.runDue();
    return fired.flatMap(({ timer, outcome }) => (timer.kind === FORCE_COMPLETE_TEST_KIND && outcome === FORCED && timer.jobId ? [timer.jobId] : []));
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
    this.#leases.stop();
    this.#events.close();
    // What this process drove is resumed by the next one at once, not after its leases expire.
    try {
      const release = this.#leases.releaseAll();
      const released = this.#deps.batcher.write(release.work, release.afterCommit);
      this.#deps.batcher.flush();
      released.catch((error: unknown) => log.warn('leases not released on close; they expire on their own', { error }));
    } catch (error) {
      log.warn('leases not released on close; they expire on their own', { error });
    }
  }

  /** `created`: the job as this process just committed it, which its first drive need not read back. */
  #launch(jobId: string, created?: Job): void {
    if (this.#closing) return;
    if (this.#drivers.has(jobId)) {
      this.#again.add(jobId);
      return;
    }
    const driver = (async () => {
      do {
        this.#again.delete(jobId);
        await this.#drive(jobId, created);
        created = undefined;
      } while (this.#again.has(jobId) && !this.#closing);
    })()
      .catch((error: unknown) => {
        if (!this.#closing) log.error('job driver failed', { jobId, error });
      })
      .finally(() => this.#drivers.delete(jobId));
    this.#drivers.set(jobId, driver);
  }

  async #drive(jobId: string, created?: Job): Promise<void> {
    const { store, batcher, audit, clock } = this.#deps;
    if (!this.#leases.claim(jobId)) return; // a live process holds its lease
    try {
      // A job this process has just created is read back only if a decision changed it since (another process
      // may cancel it before this one claims it); reading 10,000 steps back costs more than copying them.
      const fresh = created && store.revision(jobId) === created.revision ? structuredClone(created) : undefined;
      const job = fresh ?? store.get(jobId);
      if (!job || FINISHED_STATUSES.has(job.status) || job.status === 'waiting-for-operator') return;
      const runner = new JobRunner(job, {
        registry: this.#deps.registry,
        calls: this.#deps.calls,
        store,
        batcher,
        audit,
        clock,
        ...(this.#deps.maxParallelItems === undefined ? {} : { maxParallelItems: this.#deps.maxParallelItems }),
        stepTimeoutMs: this.#deps.stepTimeoutMs ?? 30 * 60_000,
        ...(this.#deps.cancelGraceMs === undefined ? {} : { cancelGraceMs: this.#deps.cancelGraceMs }),
        onTransition: (current, node, changed) => this.#events.transition(current, node, changed),
        // A cancel is not a stop: the runner finishes the machines under way (never half a failover, R7).
        shouldStop: () => this.#closing || this.#leases.lost(jobId),
        fence: (db) => this.#leases.fence(db, jobId),
        ...(job === fresh ? { firstDrive: true } : {}),
      });
      this.#active.set(jobId, runner);
      // A cancel asked before this process took the job (in another process, or before a crash) applies too.
      if (job.cancelRequested) runner.requestCancel();
      if (job.status !== 'running') {
        job.status = 'running';
        job.startedAt ??= clock.now().toISOString();
        await this.#writeJob(job, { status: 'running', startedAt: job.startedAt, phase: null }, 'job.running');
      }
      let outcome: Outcome;
      try {
        outcome = await runner.run();
      } catch (error) {
        if (!this.#leases.lost(jobId)) throw error;
        log.warn('another console process took this job over; stopped driving it', { jobId });
        return;
      }
      if (this.#leases.lost(jobId)) return; // the new owner finishes it
      if (this.#closing && !job.cancelRequested) return; // resumed on the next open
      await this.#finish(job, outcome);
      // The tree as this driver left it is the tree at rest until the next decision bumps the revision: a detail
      // opened now is answered from it, not from a read of tens of thousands of step rows.
      // The job's own fields and tree as #finish committed them (a cancel's stopped steps included), under the
      // revision that write produced — not one read again, which another process's decision may already have moved.
      const revision = job.revision;
      const active = this.#active.get(jobId);
      if (active) {
        const steps = job.steps.map((node) => ({ ...node }));
        // Indexed here, off the request path: the operator opens a job that just stopped for a decision.
        this.#indexed = { jobId, key: `rest:${revision}`, job: { ...job, steps, progress: progressOf(steps), cleanup: [], revision }, index: indexTree(steps) };
      }
    } finally {
      this.#active.delete(jobId);
      this.#events.forget(jobId);
      if (!this.#closing) await this.#leases.release(jobId).catch(() => undefined);
    }
  }

  async #finish(job: Job, outcome: Outcome): Promise<void> {
    // Commit, then publish: the job's final fields reach the in-memory job only once written (commitJobWrite).
    const now = this.#deps.clock.now().toISOString();
    const status = finalStatus(job, outcome);
    const phase = status === 'waiting-for-operator' ? waitingPhase(job.steps) : null;
    const finished = FINISHED_STATUSES.has(status);
    const summary = jobSummaryFigures(job);
    if (status === 'cancelled') {
      // What was under way when the cancel came has stopped; what never started stays pending.
      const stopped = job.steps.filter((node) => node.status === 'running').map((node) => ({ ...node, status: 'cancelled' as const, endedAt: now }));
      if (stopped.length > 0) {
        const write = this.#deps.store.stepWriter(job.id, stopped);
        await this.#deps.batcher.write((db) => {
          this.#leases.fence(db, job.id);
          write(db);
        });
        const byId = new Map(job.steps.map((node) => [node.id, node]));
        for (const node of stopped) Object.assign(byId.get(node.id)!, node);
      }
    }
    await this.#writeJob(job, { status, phase, summary, ...(finished ? { endedAt: now } : {}) }, `job.${status}`);
    this.#events.progress(job);
  }

  // ---- operator decisions --------------------------------------------------------------------------------
  // Each decision names the job revision it was taken on (compare-and-set, checked inside the write
  // transaction): of two concurrent decisions the second gets CONFLICT saying what the first was, and only
  // the first is audited. Without a revision the decision applies to the revision read here.

  list(filter: JobFilter = {}) {
    return this.#deps.store.list(filter);
  }

  get(jobId: string): Job {
    const active = this.#active.get(jobId);
    // Commit, then publish: the driver's steps as last committed (never a transition a refused write may lose);
    // the job-level fields an operator decides on come from disk.
    if (active) {
      const steps = active.committedSteps();
      return { ...active.job, steps, progress: progressOf(steps), revision: this.#deps.store.revision(jobId) ?? active.job.revision, cleanup: this.#deps.store.cleanup(jobId) };
    }
    return this.#load(jobId);
  }

  /**
   * The job with its tree indexed, for windowed views (outline, row windows). The last one read is kept while it
   * is current: a driven job's until its runner publishes another transition, a job at rest until its revision
   * moves (every decision bumps it), so a page's outline and rows reads cost one tree read, not one each.
   */
  indexed(jobId: string): { job: Job; index: TreeIndex } {
    const active = this.#active.get(jobId);
    const revision = this.#deps.store.revision(jobId);
    const key = active ? `driven:${active.committedCount}` : `rest:${revision ?? -1}`;
    const held = this.#indexed?.jobId === jobId && this.#indexed.key === key ? this.#indexed : undefined;
    // Queued or running without a runner here: another process drives it, and its steps move without a revision.
    const drivenElsewhere = !active && (held?.job.status === 'running' || held?.job.status === 'queued');
    if (held && !drivenElsewhere) {
      // The job's own fields (status, notes, cancel requested) are read fresh: they change without a transition.
      return active
        ? { job: { ...active.job, steps: held.job.steps, progress: held.job.progress, cleanup: [], revision: revision ?? active.job.revision }, index: held.index }
        : { job: held.job, index: held.index };
    }
    const committed = active?.committedSteps();
    const job = active && committed ? { ...active.job, steps: committed, progress: progressOf(committed), cleanup: [], revision: revision ?? active.job.revision } : this.#load(jobId);
    const index = indexTree(job.steps);
    this.#indexed = { jobId, key, job, index };
    return { job, index };
  }

  /** The job's cleanup ledger (R10), read from its indexes; NOT_FOUND for a job that does not exist. */
  cleanup(jobId: string): CleanupEntry[] {
    this.requireJob(jobId);
    return this.#deps.store.cleanup(jobId);
  }

  /** NOT_FOUND unless the job exists (one indexed read). */
  requireJob(jobId: string): void {
    if (this.#deps.store.revision(jobId) === undefined) throw new AppError('NOT_FOUND', `There is no job ${jobId}.`);
  }

  /** Some of the test resources the job has not deleted yet (R10), read from the ledger's index of open entries. */
  leftovers(jobId: string, limit = 1): CleanupEntry[] {
    this.requireJob(jobId);
    return this.#deps.store.leftovers(jobId, limit);
  }

  /** The last tree read for a windowed view, or the one a driver left when its job came to rest. */
  #indexed: { jobId: string; key: string; job: Job; index: TreeIndex } | undefined;

  /**
   * What changed in a job at or after `since` (engine clock): the job's own fields whole, the steps and the
   * cleanup entries that changed. A job this process drives answers from its runner's log of committed
   * transitions and the ledger's indexes, so a live view of a 10,000-machine job costs what changed, not the
   * tree; any other job (at rest, or driven by another process) is read whole and filtered.
   */
  changes(jobId: string, since: string): { job: Job; steps: StepNode[]; cleanup: CleanupEntry[] } {
    const active = this.#active.get(jobId);
    if (active && since >= active.logBegins && (active.job.status === 'running' || active.job.status === 'queued')) {
      // A running job's decisions (R19) depend on its own fields only: it is handed over without its tree.
      const job: Job = { ...active.job, steps: [], cleanup: [], progress: this.#events.progressOf(active.job), revision: this.#deps.store.revision(jobId) ?? active.job.revision };
      return { job, steps: active.committedSince(since), cleanup: this.#deps.store.cleanupSince(jobId, since) };
    }
    const job = this.get(jobId);
    return { job, ...changesSince(job, since) };
  }

  async confirm(jobId: string, stepId: string | undefined, note: string | undefined, revision?: number, context?: RequestContext): Promise<Job> {
    const job = this.#waitingJob(jobId, revision);
    const gate = job.steps.find((node) => node.gate === 'manual-action' && node.status === 'waiting' && (!stepId || node.id === stepId));
    if (!gate) throw new AppError('CONFLICT', `Job ${jobId} is not waiting for a manual action${stepId ? ` at ${stepId}` : ''}.`);
    this.#resolve(gate, 'succeeded', note);
    await this.#decide(job, [gate], 'action.confirmed', { stepId: gate.id, note: note ?? '' }, {}, { revision: job.revision, context });
    return this.get(jobId);
  }

  /** R10: `verdict` is how the test went, as the operator judged it (a forced completion has none). */
  async completeTest(jobId: string, notes: string, revision?: number, context?: RequestContext, verdict?: TestVerdict): Promise<Job> {
    const job = this.#waitingJob(jobId, revision);
    const gate = job.steps.find((node) => node.gate === 'complete-test' && node.status === 'waiting');
    if (job.operation !== 'test-failover' || !gate) throw new AppError('CONFLICT', `Job ${jobId} is not at the Complete testing phase (R10).`);
    this.#resolve(gate, 'succeeded', notes);
    // The cleanup runs next whatever was asked before: a cancel still pending is withdrawn (audited), as Retry does.
    const withdrawn = job.cancelRequested ? { cancelRequested: false } : {};
    await this.#decide(
      job,
      [gate],
      'test.completed',
      { notes, ...(verdict ? { verdict } : {}), ...(job.cancelRequested ? { cancelWithdrawn: true } : {}) },
      { notes: appendNotes(job.notes, notes), ...withdrawn, ...(verdict ? { verdict } : {}) },
      { revision: job.revision, context },
    );
    return this.get(jobId);
  }

  async completeFailover(jobId: string, revision?: number, context?: RequestContext): Promise<Job> {
    const job = this.#waitingJob(jobId, revision);
    const gate = job.steps.find((node) => node.gate === 'complete-failover' && node.status === 'waiting');
    if (!gate) throw new AppError('CONFLICT', `Job ${jobId} is not waiting for Complete Failover (R15).`);
    this.#resolve(gate, 'succeeded');
    await this.#decide(job, [gate], 'failover.completed', {}, {}, { revision: job.revision, context });
    return this.get(jobId);
  }

  /**
   * R5: re-initiating resumes from the failed step; completed steps are not redone. A script that may already
   * have run (interrupted by a crash) is retried only when named by `stepId` (docs/decisions.md "Retry leaves out scripts that may already have run"). A cancel asked
   * earlier is withdrawn by the retry (audited), so the job runs on instead of turning straight to cancelled.
   */
  async retry(jobId: string, stepId?: string, revision?: number, context?: RequestContext): Promise<Job> {
    const job = this.#idleJob(jobId, revision);
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
    const details = { steps: retryable.map((node) => node.id), ...(job.cancelRequested ? { cancelWithdrawn: true } : {}) };
    await this.#decide(job, changed, 'job.retried', details, { endedAt: null, ...(job.cancelRequested ? { cancelRequested: false } : {}) }, this.#relockIfFinished(job, context));
    return this.get(jobId);
  }

  /** Offline first: when a fabric is unreachable the operator may do the step by hand; the note says how (audited). */
  async markStepDone(jobId: string, stepId: string, note: string, revision?: number, context?: RequestContext): Promise<Job> {
    const job = this.#idleJob(jobId, revision);
    const node = job.steps.find((candidate) => candidate.id === stepId);
    if (!node || !isLeaf(node) || node.gate || !(node.status === 'failed' || node.status === 'waiting')) {
      throw new AppError('CONFLICT', `Step ${stepId} of job ${jobId} is not a failed or interrupted step.`);
    }
    this.#resolve(node, 'done-by-operator', note);
    await this.#decide(job, [node, ...reopenAfter(job, node)], 'step.marked-done', { stepId, note }, { endedAt: null }, this.#relockIfFinished(job, context));
    return this.get(jobId);
  }

  async notes(jobId: string, notes: string, revision?: number, context?: RequestContext): Promise<Job> {
    if (revision === undefined) return onLatestRevision(this.#deps.store, jobId, (latest) => this.notes(jobId, notes, latest, context));
    const job = this.#loadAt(jobId, revision);
    await this.#commitDecision(job, [], { notes }, 'job.notes', { notes }, { revision: job.revision, context });
    const active = this.#active.get(jobId);
    if (active) active.job.notes = notes; // after the commit: memory never runs ahead of disk
    return this.get(jobId);
  }

  /**
   * Cancel where it is safe, and at once: it records the request (audited) and never waits for the runner. The
   * driver stops before its next step — here at once, in another process on its next heartbeat. A job in flight
   * whose owner died (lease expired) is driven here to its cancelled end.
   */
  async cancel(jobId: string, revision?: number, context?: RequestContext): Promise<Job> {
    if (revision === undefined) return onLatestRevision(this.#deps.store, jobId, (latest) => this.cancel(jobId, latest, context));
    const job = this.#loadAt(jobId, revision);
    if (FINISHED_STATUSES.has(job.status) && job.status !== 'failed' && job.status !== 'partially-succeeded') {
      throw new AppError('CONFLICT', `Job ${jobId} has already finished (${job.status}).`);
    }
    if (job.status === 'running' || job.status === 'queued') {
      if (job.cancelRequested) return this.get(jobId);
      await this.#commitDecision(job, [], { cancelRequested: true }, 'job.cancel-requested', {}, { revision: job.revision, context });
      const runner = this.#active.get(jobId);
      if (runner) runner.requestCancel();
      else if (!this.#leases.store.held(jobId, this.#leases.now())) this.#launch(jobId);
      return this.get(jobId);
    }
    if (job.operation === 'test-failover' && job.cleanup.some((entry) => !entry.deletedAt)) {
      throw new AppError('CONFLICT', `Job ${jobId} created test machines or networks: complete the test to clean them up instead (R10).`);
    }
    // R7: a machine shut down at the source and not started at the target must not be abandoned by a cancel.
    const partWay = partWayItems(job);
    if (partWay.length > 0) {
      throw new AppError(
        'CONFLICT',
        `${partWay.join(', ')} ${partWay.length === 1 ? 'is' : 'are'} part-way through: shut down at the source and not started at the target. Retry the job to finish ${partWay.length === 1 ? 'it' : 'them'}, or mark the steps done, before cancelling.`,
        { partWay },
      );
    }
    const now = this.#deps.clock.now().toISOString();
    await this.#commitDecision(job, [], { status: 'cancelled', phase: null, endedAt: now }, 'job.cancelled', { status: 'cancelled' }, { revision: job.revision, context });
    return this.get(jobId);
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  #load(jobId: string): Job {
    return loadJob(this.#deps.store, jobId);
  }

  #loadAt(jobId: string, revision: number | undefined): Job {
    return loadJobAt(this.#deps, jobId, revision);
  }

  #waitingJob(jobId: string, revision: number | undefined): Job {
    return waitingJob(this.#deps, jobId, revision);
  }

  #idleJob(jobId: string, revision: number | undefined): Job {
    if (this.#active.has(jobId)) throw new AppError('CONFLICT', `Job ${jobId} is running; wait until it stops.`);
    return idleJob(this.#deps, jobId, revision);
  }

  /** LOCK: a finished job that runs again takes its machines back in the decision's own transaction. */
  #relockIfFinished(job: Job, context: RequestContext | undefined): WriteOptions<Tx> {
    const options: WriteOptions<Tx> = { revision: job.revision, context };
    if (FINISHED_STATUSES.has(job.status)) options.extra = (db) => this.#deps.store.lockItems(db, job.id, job.itemIds);
    return options;
  }

  #resolve(node: StepNode, status: 'succeeded' | 'done-by-operator', note?: string): void {
    node.status = status;
    node.endedAt = this.#deps.clock.now().toISOString();
    delete node.error;
    if (note) node.note = note;
  }

  /** Commits an operator decision with its audit entry, then drives the job on. */
  async #decide(job: Job, nodes: readonly StepNode[], action: string, details: Record<string, unknown>, patch: Pick<JobPatch, 'notes' | 'cancelRequested' | 'verdict'> & { endedAt?: null }, options: WriteOptions<Tx>): Promise<void> {
    await this.#commitDecision(job, nodes, { status: 'running', phase: null, ...patch }, action, details, options);
    this.#launch(job.id);
  }

  #commitDecision(job: Job, nodes: readonly StepNode[], patch: JobPatch, action: string, details: Record<string, unknown>, options: WriteOptions<Tx> = {}): Promise<void> {
    return commitJobWrite(this.#deps, this.#leases, job, nodes, patch, action, details, options);
  }

  /** The driver's own job writes (running, finished): fenced by its lease, not compare-and-set. */
  #writeJob(job: Job, patch: JobPatch, action: string): Promise<void> {
    return this.#commitDecision(job, [], patch, action, { status: patch.status ?? job.status }, { fenced: true, context: SYSTEM_CONTEXT });
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

