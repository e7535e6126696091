// Durable timers (docs/decisions.md, "Durable timers"): work due at a time — R10's forced completion today,
// the commit and rollback deadlines next — is a row, not an in-memory timeout, so it survives restarts and
// fires exactly once however many console processes share the database. Time comes from the injected clock:
// tests advance a fake clock and call `runDue()` instead of sleeping.
import { log } from '../application/log.ts';
import type { Timer, TimerRepository, UnitOfWork } from '../domain/ports/timer-port.ts';
import type { Clock } from '../domain/time/clock.ts';

/** What a handler did with a timer it claimed. */
export type TimerResult =
  /** Done: `outcome` is recorded with the timer; `afterCommit` runs once its effect is durable. */
  | { outcome: string; afterCommit?: () => void }
  /** Not yet (e.g. the job is being run right now): due again at `retryAt`. */
  | { retryAt: Date; reason: string };

export interface TimerHandler<Tx> {
  /**
   * Runs inside the transaction that claimed the timer: every write goes to `tx`, so the claim and the effect
   * commit together or not at all. Synchronous by design — nothing else may interleave with that transaction.
   */
  fire(tx: Tx, timer: Timer, now: Date): TimerResult;
}

export interface NewTimer {
  kind: string;
  /** Defaults to `<kind>:<jobId>`: one timer of a kind per job, however often it is scheduled. */
  id?: string;
  jobId?: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

export interface FiredTimer {
  timer: Timer;
  outcome: string;
}

export interface SchedulerDeps<Tx> {
  store: TimerRepository<Tx>;
  batcher: UnitOfWork<Tx>;
  clock: Clock;
  /** Recorded as `fired_by`: which process fired a timer. */
  owner?: string;
}

export class Scheduler<Tx> {
  readonly #deps: SchedulerDeps<Tx>;
  readonly #handlers = new Map<string, TimerHandler<Tx>>();
  readonly #owner: string;
  #running: Promise<FiredTimer[]> | undefined;
  #interval: NodeJS.Timeout | undefined;

  constructor(deps: SchedulerDeps<Tx>) {
    this.#deps = deps;
    this.#owner = deps.owner ?? `pid-${process.pid}`;
  }

  /** One handler per kind; a timer whose kind has no handler here waits for a version that knows it. */
  register(kind: string, handler: TimerHandler<Tx>): void {
    if (this.#handlers.has(kind)) throw new Error(`a timer handler for "${kind}" is already registered`);
    this.#handlers.set(kind, handler);
  }

  /** A write for the caller's transaction, so a timer exists exactly when what it guards was committed. */
  scheduleWriter(timer: NewTimer): (tx: Tx) => void {
    const id = timer.id ?? `${timer.kind}:${timer.jobId ?? ''}`;
    const row = { id, kind: timer.kind, jobId: timer.jobId ?? null, dueAt: timer.dueAt.toISOString(), payload: timer.payload ?? {}, createdAt: this.#deps.clock.now().toISOString() };
    return (tx) => this.#deps.store.insert(tx, row);
  }

  /** Fires every timer due by the clock's now; overlapping calls share one run. Resolves with what fired. */
  runDue(): Promise<FiredTimer[]> {
    this.#running ??= this.#runDue().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** Long-running hosts: run due timers every `intervalMs` until `stop()`. */
  start(intervalMs: number): void {
    this.stop();
    this.#interval = setInterval(() => void this.runDue().catch((error: unknown) => log.error('timers could not run', { error })), intervalMs);
    this.#interval.unref();
  }

  stop(): void {
    if (this.#interval) clearInterval(this.#interval);
    this.#interval = undefined;
  }

  async #runDue(): Promise<FiredTimer[]> {
    const { store, batcher, clock } = this.#deps;
    const now = clock.now();
    const at = now.toISOString();
    const fired: FiredTimer[] = [];
    for (const timer of store.due(at)) {
      const handler = this.#handlers.get(timer.kind);
      if (!handler) continue;
      let result: TimerResult | undefined;
      try {
        await batcher.write((tx) => {
          result = undefined;
          if (!store.claim(tx, timer.id, at, this.#owner)) return; // another process fired it
          result = handler.fire(tx, timer, now);
          if ('retryAt' in result) store.reschedule(tx, timer.id, result.retryAt.toISOString(), result.reason);
          else store.complete(tx, timer.id, result.outcome);
        });
      } catch (error) {
        // The claim was rolled back with the handler's writes: the timer is still due and is tried again.
        log.error('a timer handler failed', { timerId: timer.id, kind: timer.kind, error });
        await batcher.write((tx) => store.failed(tx, timer.id, error instanceof Error ? error.message : String(error))).catch(() => undefined);
        continue;
      }
      const done = result as TimerResult | undefined;
      if (!done || 'retryAt' in done) continue;
      fired.push({ timer, outcome: done.outcome });
      done.afterCommit?.();
    }
    return fired;
  }
}
