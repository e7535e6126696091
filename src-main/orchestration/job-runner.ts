// Walks one job's step tree: groups in order, the items of a group in parallel under a concurrency limit.
// Every transition is committed before the fabric call it precedes and its result after, so a kill loses no completed step; each
// fabric call is journalled (intent, handle, outcome) by FabricCaller, so a killed process reconciles the
// in-flight call by its idempotency key instead of sending it again blindly.
import { StepError } from './step-error.ts';
import { FabricError as PortError, type FabricRegistry } from '../domain/ports/fabric-port.ts';
import { containerParallelism } from '../domain/fabric/concurrency.ts';
import { isDone, isLeaf, type Job, type StepNode } from '../domain/jobs/job-model.ts';
import { childrenOf, ROOT_ID } from '../domain/jobs/step-tree.ts';
import type { Clock } from '../domain/time/clock.ts';
import type { AuditSink, JobRepository, UnitOfWork } from '../domain/ports/job-persistence.ts';
import { executeLeaf, stepSite, type LeafContext } from './leaf-executor.ts';
import { CallCancelled, type FabricCaller } from './fabric-call.ts';

export type Outcome = 'ok' | 'failed' | 'waiting' | 'stopped';

export interface RunnerDeps<Tx> {
  registry: FabricRegistry;
  calls: FabricCaller<Tx>;
  store: JobRepository<Tx>;
  batcher: UnitOfWork<Tx>;
  audit: AuditSink<Tx>;
  clock: Clock;
  /** A cap on top of each container's own limit (runner-mechanics tests only). */
  maxParallelItems?: number;
  stepTimeoutMs: number;
  /**
   * After a cancel, how long a call under way may still take before it counts as hung and is aborted (the
   * adapter then stops it if it has not applied it). Much shorter than the step timeout: cancel never waits
   * for that backstop.
   */
  cancelGraceMs?: number;
  /** A step changed: progress and estate events (coalesced by the caller). */
  onTransition(job: Job, node: StepNode, changedItemIds: readonly string[]): void;
  /**
   * Stop at the next step as a crash would: the engine is closing (the job is resumed on the next open) or
   * another process took the job's lease. An operator's cancel is not this: it goes through requestCancel.
   */
  shouldStop(job: Job): boolean;
  /** Throws (a typed error) when this process no longer holds the job's lease: a stale owner never writes. */
  fence(tx: Tx): void;
  /**
   * The first drive of a job this process has just created: none of its fabric calls can be journalled yet,
   * so none is looked up before it is made.
   */
  firstDrive?: boolean;
}

/** R10: the steps that delete what a test created. Under a cancel they still run: a cancelled test leaves nothing. */
const CLEANUP_OPS: ReadonlySet<string> = new Set(['delete-test-machine', 'delete-test-network']);

/**
 * For every container, the keys of the leaves below it (`keyOf` answers undefined for a leaf that does not
 * count): the machines a container acts on, or whether it holds a cleanup step.
 */
function underContainers<K>(steps: readonly StepNode[], nodes: ReadonlyMap<string, StepNode>, keyOf: (leaf: StepNode) => K | undefined): Map<string, Set<K>> {
  const under = new Map<string, Set<K>>();
  for (const leaf of steps) {
    const key = isLeaf(leaf) ? keyOf(leaf) : undefined;
    if (key === undefined) continue;
    for (let parentId = leaf.parentId; parentId !== null; parentId = nodes.get(parentId)?.parentId ?? null) {
      let keys = under.get(parentId);
      if (!keys) under.set(parentId, (keys = new Set()));
      if (keys.has(key)) break; // its ancestors have it already
      keys.add(key);
    }
  }
  return under;
}

/** The idempotency key of a leaf's fabric call: the same after a crash or a timeout, new for an operator's retry of a failure. */
export function idempotencyKey(jobId: string, node: StepNode): string {
  return `${jobId}/${node.id}#${node.attempt}`;
}

/**
 * The step stopped waiting, but the call it made may still be under way and may still apply: its outcome is
 * unknown, so the step waits for the operator, and a retry re-issues the same key.
 */
export class StepTimeout extends StepError {
  constructor(message: string) {
    super('timeout', message);
    this.name = 'StepTimeout';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`${label} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type ExtraWrite<Tx> = (tx: Tx) => void;
type AuditEntry = Record<string, unknown> & { action: string };

/** A queued write that was refused: written again (from the nodes' current state) before the next fabric call. */
interface Unsaved<Tx> {
  nodes: readonly StepNode[];
  audit?: AuditEntry;
  extra: readonly ExtraWrite<Tx>[];
  error: unknown;
  onCommitted?: () => void;
}

/** A transition could not be made durable: the runner stops as a crash would, so a resume re-issues the same keys. */
export class JournalError extends Error {
  constructor(cause: unknown) {
    super(`A job transition could not be saved: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'JournalError';
  }
}

export class JobRunner<Tx> {
  readonly job: Job;
  readonly #deps: RunnerDeps<Tx>;
  readonly #nodes: Map<string, StepNode>;
  readonly #children: Map<string, StepNode[]>;
  /** The machines each container's steps act on (a planned failover acts on one machine in two phases). */
  readonly #itemsUnder: Map<string, Set<string>>;
  /** Machines with a step that has started: under a cancel, their remaining steps still run. */
  readonly #begun = new Set<string>();
  /** Each step as last committed: what readers see (commit, then publish), while the runner works on its own. */
  readonly #committed: Map<string, StepNode>;
  /**
   * The steps' committed transitions in commit order, stamped with the engine clock: a live view asks what
   * changed since its last look and gets those steps alone (binary search, then the tail), not the tree.
   */
  readonly #log: { at: string; id: string }[] = [];
  /** When the log begins (this runner's start): a question about earlier changes is not the log's to answer. */
  readonly logBegins: string;
  readonly #cleanupHolders: Set<string>;
  readonly #inFlight = new Set<Promise<void>>();
  /** Resolves when #inFlight empties: a hundred items settling at once share it rather than each copying the set. */
  #drained: { promise: Promise<void>; resolve(): void } | undefined;
  #unsaved: Unsaved<Tx>[] = [];
  #journalError: JournalError | undefined;
  #cancelRequested = false;
  /** One per fabric step under way: a cancel aborts them (the adapter stops what it has not applied). */
  readonly #calls = new Map<AbortController, NodeJS.Timeout | undefined>();

  constructor(job: Job, deps: RunnerDeps<Tx>) {
    this.job = job;
    this.#deps = deps;
    this.#nodes = new Map(job.steps.map((node) => [node.id, node]));
    this.#children = childrenOf(job.steps);
    this.#itemsUnder = underContainers(job.steps, this.#nodes, (leaf) => leaf.itemId);
    this.#cleanupHolders = new Set(underContainers(job.steps, this.#nodes, (leaf) => (leaf.op && CLEANUP_OPS.has(leaf.op) ? true : undefined)).keys());
    this.#committed = new Map(job.steps.map((node) => [node.id, { ...node }]));
    this.logBegins = deps.clock.now().toISOString();
    for (const node of job.steps) if (node.itemId && isLeaf(node) && node.status !== 'pending' && node.status !== 'skipped') this.#begun.add(node.itemId);
  }

  node(id: string): StepNode | undefined {
    return this.#nodes.get(id);
  }

  /**
   * Cancel, where it is safe: items not yet started are not started; an item under way runs to the end of its
   * steps, so a planned failover never leaves a machine between its shutdown and its replica start — except
   * a call that hangs, which is aborted where the adapter can cancel what it has not applied. Cancel never
   * waits for the step timeout.
   */
  requestCancel(): void {
    this.#cancelRequested = true;
    this.job.cancelRequested = true;
    for (const controller of this.#calls.keys()) this.#armCancel(controller);
  }

  /** A call still under way when the grace ends is treated as hung and aborted. */
  #armCancel(controller: AbortController): void {
    if (this.#calls.get(controller) !== undefined) return;
    const timer = setTimeout(() => controller.abort(new Error('cancel requested')), this.#deps.cancelGraceMs ?? 10_000);
    timer.unref();
    this.#calls.set(controller, timer);
  }

  #cancelling(): boolean {
    return this.#cancelRequested || this.job.cancelRequested;
  }

  /**
   * A leaf of a machine that has already begun — anywhere in the tree: a planned failover of a plan shuts
   * every machine down in one phase and starts the replicas in the next — still runs under a cancel, so no
   * machine is left between its shutdown and its replica start (never half a failover).
   */
  #underWay(node: StepNode): boolean {
    if (node.op && CLEANUP_OPS.has(node.op)) return true;
    return node.status !== 'pending' || (node.itemId !== undefined && this.#begun.has(node.itemId));
  }

  /** A container with steps of a machine that has begun: under a cancel it is entered for those steps. */
  #holdsBegun(node: StepNode): boolean {
    if (node.status === 'running' || this.#cleanupHolders.has(node.id)) return true;
    const items = this.#itemsUnder.get(node.id);
    if (!items) return false;
    for (const itemId of items) if (this.#begun.has(itemId)) return true;
    return false;
  }

  /**
   * Runs what is left. Scripts found running were interrupted by a crash: their effect is unknown, so a
   * person decides (retry or mark done) instead of the engine running them twice.
   */
  async run(): Promise<Outcome> {
    const interrupted = this.job.steps.filter((node) => node.status === 'running' && node.op === 'script');
    if (interrupted.length > 0) {
      for (const node of interrupted) {
        node.status = 'waiting';
        node.error = 'The console stopped while this script ran; its outcome is unknown. Retry it or mark it done.';
      }
      await this.#write(interrupted);
    }
    const outcome = await this.#run(this.#nodes.get(ROOT_ID)!);
    await this.#settle(); // every queued transition is durable before the job's final state
    if (this.#journalError) throw this.#journalError;
    return outcome;
  }

  async #run(node: StepNode): Promise<Outcome> {
    if (isDone(node.status) || (node.status === 'failed' && node.optional)) return 'ok';
    if (node.kind === 'gate' || node.gate) return this.#gate(node);
    if (isLeaf(node)) return this.#leaf(node);
    if (this.#deps.shouldStop(this.job)) return 'stopped';
    // Under a cancel, a container is entered only for the machines already under way, so they finish.
    if (this.#cancelling() && !this.#holdsBegun(node)) return 'stopped';
    if (node.status !== 'running') {
      node.status = 'running';
      node.startedAt ??= this.#now();
      delete node.error;
      this.#queue([node]);
    }
    const children = this.#children.get(node.id) ?? [];
    const outcome = node.parallel ? await this.#parallel(node, children) : await this.#sequence(node, children);
    if (outcome === 'ok' || outcome === 'failed') {
      node.status = outcome === 'ok' ? 'succeeded' : 'failed';
      node.endedAt = this.#now();
      this.#queue([node]);
    }
    return outcome;
  }

  async #sequence(node: StepNode, children: readonly StepNode[]): Promise<Outcome> {
    let failed = false;
    let stopped = false;
    for (const [index, child] of children.entries()) {
      const outcome = await this.#run(child);
      if (outcome === 'waiting') return outcome;
      if (outcome === 'stopped') {
        // A cancel stops what has not begun, but a later sibling may hold the rest of a machine under way (the
        // failover phase after the shutdown phase): go on to it. Closing or a lost lease stops here.
        if (!this.#cancelling() || this.#deps.shouldStop(this.job) || this.#journalError) return 'stopped';
        stopped = true;
        continue;
      }
      if (outcome !== 'failed') continue;
      if (node.kind === 'item') {
        // The item's remaining steps cannot run without this one.
        const skipped = children.slice(index + 1).filter((rest) => rest.status === 'pending');
        for (const rest of skipped) rest.status = 'skipped';
        if (skipped.length > 0) await this.#write(skipped);
        for (const rest of skipped) this.#deps.onTransition(this.job, rest, []);
        return 'failed';
      }
      if (this.job.failurePolicy === 'stop') return 'failed'; // R5: an error stops the plan
      failed = true; // R6: errors do not stop the plan
    }
    if (stopped) return 'stopped';
    return failed ? 'failed' : 'ok';
  }

  async #parallel(node: StepNode, children: readonly StepNode[]): Promise<Outcome> {
    const outcomes: Outcome[] = [];
    let next = 0;
    const stopStarting = () => (this.job.failurePolicy === 'stop' && outcomes.includes('failed')) || this.#deps.shouldStop(this.job) || (this.#cancelling() && !children.slice(next).some((child) => this.#holdsBegun(child) || this.#underWay(child)));
    const worker = async () => {
      while (next < children.length && !stopStarting() && !this.#journalError) {
        const child = children[next++]!;
        outcomes.push(await this.#run(child));
      }
    };
    // allSettled: a worker that throws must not let the job be released while its siblings still call the fabric.
    const workers = Math.min(containerParallelism(node, children.length), this.#deps.maxParallelItems ?? children.length);
    const settled = await Promise.allSettled(Array.from({ length: workers }, worker));
    const rejected = settled.find((result) => result.status === 'rejected');
    if (rejected) throw rejected.reason;
    const failed = outcomes.includes('failed');
    if (failed && this.job.failurePolicy === 'stop') return 'failed';
    if (outcomes.includes('waiting')) return 'waiting';
    if (outcomes.includes('stopped') || outcomes.length < children.length) return 'stopped';
    return failed ? 'failed' : 'ok';
  }

  async #gate(node: StepNode): Promise<Outcome> {
    // Under a cancel nobody is asked to decide on the way out: a manual action is skipped, and Complete testing
    // passes so the test's machines and networks are deleted (R10). Complete Failover (R15) still waits: the
    // machine is part-way through its failback and only the operator can say how it ends.
    if (this.#cancelling() && node.status === 'pending' && (node.gate === 'manual-action' || node.gate === 'complete-test')) {
      node.status = 'skipped';
      node.endedAt = this.#now();
      node.note = node.gate === 'complete-test' ? 'The job was cancelled: the test machines and networks are deleted now (R10).' : 'Skipped: the job was cancelled.';
      await this.#write([node], { action: 'step.skipped-on-cancel', stepId: node.id, gate: node.gate });
      this.#deps.onTransition(this.job, node, []);
      return 'ok';
    }
    if (node.status !== 'waiting') {
      node.status = 'waiting';
      node.startedAt ??= this.#now();
      await this.#write([node], { action: 'step.waiting', stepId: node.id, gate: node.gate });
      this.#deps.onTransition(this.job, node, []);
    }
    return 'waiting';
  }

  async #leaf(node: StepNode): Promise<Outcome> {
    if (node.status === 'waiting') return 'waiting';
    if (node.status === 'failed') return 'failed';
    if (this.#deps.shouldStop(this.job) || this.#journalError) return 'stopped';
    if (this.#cancelling() && !this.#underWay(node)) return 'stopped';
    const controller = new AbortController();
    const callWrites: ExtraWrite<Tx>[] = [];
    let runningUnsaved = false;
    this.#calls.set(controller, undefined);
    if (this.#cancelling()) this.#armCancel(controller);
    try {
      if (node.status === 'pending') {
        node.status = 'running';
        node.startedAt = this.#now();
        if (node.itemId) this.#begun.add(node.itemId);
        delete node.error;
        if (node.op === 'script') {
          await this.#write([node]); // committed before the script it precedes
          this.#deps.onTransition(this.job, node, []);
        } else {
          // Committed with the first fabric call's intent, before that call (one commit, not two); a step
          // that makes no call has it written with its outcome.
          runningUnsaved = true;
        }
      }
      // Earlier results must be durable before this call; a lost "succeeded" would leave its step running and
      // its cleanup-ledger rows missing (R10). A step whose "running" rides with its first call's intent checks
      // this after that commit (FIFO: earlier writes committed or were refused by then), saving a commit round.
      if (!runningUnsaved) {
        await this.#settle();
        if (this.#journalError) return 'stopped';
      }
      const running = () => {
        const unsaved = runningUnsaved;
        runningUnsaved = false;
        return unsaved;
      };
      const outcome = await withTimeout(executeLeaf(this.#leafContext(node, controller.signal, callWrites, running)), this.#stepTimeout(node), node.label).catch((error: unknown) => {
        if (error instanceof StepTimeout) controller.abort(error); // stop what the fabric has not applied yet
        throw error;
      });
      node.status = 'succeeded';
      node.endedAt = this.#now();
      if (outcome.result) node.result = outcome.result;
      if (outcome.output !== undefined) node.output = outcome.output;
      // Not awaited: commits are FIFO, so this result is durable no later than the next step's "running"
      // (awaited before its fabric call) or the job's final state — one commit per step instead of two.
      // Published once committed (docs/decisions.md "commit, then publish"): a subscriber never sees a "succeeded" the journal may lose.
      this.#queue([node], { action: 'step.succeeded', stepId: node.id }, [...callWrites, ...(outcome.writes ?? [])], () => this.#deps.onTransition(this.job, node, outcome.changedItemIds ?? []));
      return 'ok';
    } catch (error) {
      if (error instanceof JournalError) return 'stopped'; // as a crash would: resumed with the same keys
      if (this.#deps.shouldStop(this.job) && !(error instanceof StepError || error instanceof PortError || error instanceof CallCancelled)) return 'stopped';
      if (error instanceof CallCancelled) {
        // Not applied: the step waits, so the job returns to the operator instead of silently stranding the machine.
        node.status = 'waiting';
        node.error = `Cancelled while "${node.label}" was under way; the fabric had not applied it. ${this.#itemState(node)} Retry finishes it (or mark it done).`;
        await this.#write([node], { action: 'step.cancelled-in-flight', stepId: node.id, error: node.error });
        this.#deps.onTransition(this.job, node, []);
        return 'waiting';
      }
      if (error instanceof StepTimeout || (error instanceof PortError && error.kind === 'outcome-unknown')) {
        // Not failed: the call may still apply. Under either policy the item stops here until a person decides.
        node.status = 'waiting';
        node.error = `${error.message}; it may still complete, so its outcome is unknown. Retry it (the same call again, applied at most once) or mark it done.`;
        await this.#write([node], { action: 'step.outcome-unknown', stepId: node.id, error: node.error });
        this.#deps.onTransition(this.job, node, []);
        return 'waiting';
      }
      node.status = 'failed';
      node.endedAt = this.#now();
      node.error = error instanceof StepError || error instanceof PortError ? error.message : 'The step failed unexpectedly; details are in the console log.';
      const output = (error as { output?: unknown }).output;
      if (typeof output === 'string') node.output = output;
      await this.#write([node], { action: 'step.failed', stepId: node.id, error: node.error });
      this.#deps.onTransition(this.job, node, []);
      return node.optional ? 'ok' : 'failed';
    } finally {
      clearTimeout(this.#calls.get(controller));
      this.#calls.delete(controller);
    }
  }

  /** What an operator needs to know about the machine of a step stopped halfway: which of its steps are done. */
  #itemState(node: StepNode): string {
    const siblings = node.parentId ? (this.#children.get(node.parentId) ?? []) : [];
    const done = siblings.filter((sibling) => isDone(sibling.status)).map((sibling) => sibling.label);
    const machine = node.itemId ?? 'The machine';
    return done.length > 0 ? `${machine} is part-way through: done so far — ${done.join(', ')}.` : `Nothing has been done to ${machine} yet.`;
  }

  #stepTimeout(node: StepNode): number {
    // A script has its own timeout (it kills the script); the step waits a little longer for that to report.
    if (node.op === 'script' && typeof node.args?.timeoutSeconds === 'number') return Math.max(this.#deps.stepTimeoutMs, node.args.timeoutSeconds * 1000 + 5_000);
    return this.#deps.stepTimeoutMs;
  }

  /** `takeRunning`: whether the step's "running" transition still has to ride with this call's intent. */
  #leafContext(node: StepNode, signal: AbortSignal, callWrites: ExtraWrite<Tx>[], takeRunning: () => boolean): LeafContext<Tx> {
    const jobId = this.job.id;
    const store = this.#deps.store;
    const key = idempotencyKey(jobId, node);
    return {
      jobId,
      node,
      key,
      now: () => this.#deps.clock.now(),
      call: async (operation, options = {}) => {
        const withRunning = takeRunning();
        const intentWrites = [...(withRunning ? [store.stepWriter(jobId, [node])] : []), ...(options.intentWrites ?? [])];
        const outcome = await this.#deps.calls.call({
          jobId,
          stepId: node.id,
          attempt: node.attempt,
          key: `${key}${options.keySuffix ?? ''}`,
          siteId: options.siteId ?? stepSite(node),
          operation,
          signal,
          intentWrites,
          fence: (tx) => this.#deps.fence(tx),
          ...(this.#deps.firstDrive ? { unrecorded: true } : {}),
          beforeSend: async () => {
            await this.#settle();
            if (this.#journalError) throw this.#journalError;
          },
          ...(withRunning ? { onIntentCommitted: this.#afterIntent(node) } : {}),
        });
        callWrites.push(...outcome.writes);
        return outcome.result;
      },
      reads: (siteId) => this.#deps.registry.forSite(siteId),
      siblingResult: (op) => {
        const siblings = node.parentId ? (this.#children.get(node.parentId) ?? []) : [];
        const sibling = siblings.find((candidate) => candidate.op === op && candidate.status === 'succeeded');
        return sibling?.result;
      },
      stepResult: (stepId) => {
        const step = this.#nodes.get(stepId);
        return step?.status === 'succeeded' ? step.result : undefined;
      },
      openResources: (kind, itemId) => store.openCleanup(jobId, kind, itemId),
      recordCreated: (entry) => store.cleanupCreatedWriter(jobId, { ...entry, createdAt: this.#now(), createdBy: node.id }),
      recordDeleted: (resourceId) => store.cleanupDeletedWriter(jobId, resourceId, this.#now(), node.id),
    };
  }

  #now(): string {
    return this.#deps.clock.now().toISOString();
  }

  /**
   * Queues a write without waiting for it. A refused write is kept and written again (from the nodes' state
   * then) before the next fabric call and before the job ends; if it is refused again the runner stops.
   */
  #queue(nodes: readonly StepNode[], audit?: AuditEntry, extra: readonly ExtraWrite<Tx>[] = [], onCommitted?: () => void): void {
    const pending = this.#write(nodes, audit, extra).then(
      () => onCommitted?.(),
      (error: unknown) => {
        this.#unsaved.push({ nodes, extra, error, ...(audit ? { audit } : {}), ...(onCommitted ? { onCommitted } : {}) });
      },
    );
    this.#inFlight.add(pending);
    void pending.finally(() => {
      this.#inFlight.delete(pending);
      if (this.#inFlight.size > 0 || !this.#drained) return;
      const { resolve } = this.#drained;
      this.#drained = undefined;
      resolve();
    });
  }

  /** Waits for queued writes and writes the refused ones again; a second refusal stops the runner. */
  async #settle(): Promise<void> {
    while (this.#inFlight.size > 0) {
      if (!this.#drained) {
        let resolve!: () => void;
        const promise = new Promise<void>((done) => (resolve = done));
        this.#drained = { promise, resolve };
      }
      await this.#drained.promise;
    }
    const unsaved = this.#unsaved;
    this.#unsaved = [];
    for (const entry of unsaved) {
      try {
        await this.#write(entry.nodes, entry.audit, entry.extra);
        entry.onCommitted?.();
      } catch (error) {
        this.#journalError ??= new JournalError(error);
      }
    }
  }

  /** The job's steps as committed so far, in tree order. */
  committedSteps(): StepNode[] {
    return this.job.steps.map((node) => this.#committed.get(node.id) ?? node);
  }

  /** How many committed transitions this runner has published: a cached view of its tree is current while this holds. */
  get committedCount(): number {
    return this.#log.length;
  }

  /** The steps whose committed state changed at or after `since` (engine clock), each once, as committed. */
  committedSince(since: string): StepNode[] {
    let low = 0;
    let high = this.#log.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#log[middle]!.at < since) low = middle + 1;
      else high = middle;
    }
    const ids = new Set<string>();
    for (let index = low; index < this.#log.length; index += 1) ids.add(this.#log[index]!.id);
    return [...ids].map((id) => this.#committed.get(id)!);
  }

  /** The step's "running", committed with its first call's intent: published, then announced. */
  #afterIntent(node: StepNode): () => void {
    const publish = this.#published([node]);
    return () => {
      publish();
      this.#deps.onTransition(this.job, node, []);
    };
  }

  /** Copies of `nodes` as they are now: published once the write that carries these values has committed. */
  #published(nodes: readonly StepNode[]): () => void {
    const copies = nodes.map((node) => ({ ...node }));
    return () => {
      const at = this.#now();
      for (const copy of copies) {
        this.#committed.set(copy.id, copy);
        this.#log.push({ at, id: copy.id });
      }
    };
  }

  /** Group-committed with the other items' transitions; resolves once durable. */
  #write(nodes: readonly StepNode[], audit?: AuditEntry, extra: readonly ExtraWrite<Tx>[] = []): Promise<void> {
    const { store, batcher } = this.#deps;
    const publish = this.#published(nodes);
    const stepWrite = store.stepWriter(this.job.id, nodes);
    const at = this.#now();
    const jobId = this.job.id;
    const written = batcher.write((db) => {
      this.#deps.fence(db);
      stepWrite(db);
      for (const write of extra) write(db);
      if (audit) {
        const { action, ...details } = audit;
        this.#deps.audit.append(db, { at, action, jobId, details });
      }
    });
    return written.then(publish);
  }
}
