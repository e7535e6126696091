// One mutating fabric call, made exactly once against a fabric that shares no transaction with us
// (docs/decisions.md "Runner on fabric port v2"): intent committed → start(key) → poll once; if it is not
// finished, the handle is committed before the runner waits, then polled with backoff. On resume, or after an
// `outcome-unknown` answer, it reconciles first: a recorded handle is polled, a bare intent is looked up by
// key, and only a key the fabric does not know is started again — with the same key, which the fabric dedups.
import { FabricError, operationTarget, type FabricAdapter, type FabricErrorKind, type FabricOperation, type FabricRegistry, type OperationHandle, type OperationStatus } from '../domain/ports/fabric-port.ts';
import { assertSupported } from '../domain/fabric/registry.ts';
import type { FabricCallRepository, UnitOfWork } from '../domain/ports/job-persistence.ts';
import { fabricLimit } from '../domain/fabric/concurrency.ts';
import { isRetryable, retryDelayMs, type RetryPolicies, type Sleep } from './retry-policy.ts';

type Write<Tx> = (tx: Tx) => void;

export interface FabricCallDeps<Tx> {
  registry: FabricRegistry;
  store: FabricCallRepository<Tx>;
  batcher: UnitOfWork<Tx>;
  policies: RetryPolicies;
  sleep: Sleep;
  now(): string;
  /** First wait between polls of an unfinished operation; it grows ×1.5 up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

export interface CallRequest<Tx> {
  jobId: string;
  stepId: string;
  attempt: number;
  key: string;
  siteId: string;
  operation: FabricOperation;
  /** Cancel: stops the call where the adapter can cancel it before it is applied. */
  signal?: AbortSignal;
  /**
   * Committed with the intent, before the call is sent: the step's "running" transition (one commit for
   * both) and R10's cleanup-ledger row for a test resource. Written again on a resume (they are idempotent).
   */
  intentWrites?: readonly Write<Tx>[];
  /**
   * Checked inside every journal write of the call (intent, handle, outcome): throws when this process no
   * longer holds the job's lease, so a stale owner neither journals nor sends anything (fencing).
   */
  fence?: (tx: Tx) => void;
  /**
   * The caller knows no call with this key was ever journalled (the first drive of a job this process has just
   * created, unchanged since): the journal is not read first. Only then: the intent written next would reset a
   * recorded handle, and a fabric that takes no idempotency key would apply the call again.
   */
  unrecorded?: boolean;
  /** The intent (with `intentWrites`) is durable: the runner publishes the step's "running" now. */
  onIntentCommitted?: () => void;
  /** Awaited after the intent commit, before anything is sent (the runner re-writes refused transitions). */
  beforeSend?: () => Promise<void>;
}

export interface CallOutcome<Tx> {
  result: Record<string, unknown>;
  /** The call's recorded outcome: committed with the step's result (one commit per step). */
  writes: Write<Tx>[];
}

/** The call was cancelled before the fabric applied it: nothing happened, and Retry sends it again. */
export class CallCancelled extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallCancelled';
  }
}

/** How long a poll may be held by an adapter that long-polls, once the handle is durable. */
const LONG_POLL_MS = 5_000;
const UNFINISHED = new Set<OperationStatus['state']>(['running', 'waiting-for-action']);

/**
 * A fabric's limit on operations at once (capabilities.maxConcurrentOperations), shared by every job of this
 * console: a call waits for a slot before it is sent and gives it back once its outcome is known.
 */
class Gate {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  async enter(signal?: AbortSignal): Promise<void> {
    if (this.#active < this.#limit) {
      this.#active += 1;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const admit = () => {
        signal?.removeEventListener('abort', abandon);
        resolve();
      };
      const abandon = () => {
        const index = this.#waiting.indexOf(admit);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason as Error);
      };
      this.#waiting.push(admit);
      signal?.addEventListener('abort', abandon, { once: true });
    });
  }

  leave(): void {
    const next = this.#waiting.shift();
    if (next) next(); // the slot passes straight to the next caller
    else this.#active -= 1;
  }
}

export class FabricCaller<Tx> {
  readonly #deps: FabricCallDeps<Tx>;
  readonly #gates = new Map<string, Gate | null>();

  constructor(deps: FabricCallDeps<Tx>) {
    this.#deps = deps;
  }

  async call(request: CallRequest<Tx>): Promise<CallOutcome<Tx>> {
    const journal = this.#journal(request);
    const { registry, store } = this.#deps;
    const { key, operation } = request;
    const signal = request.signal;
    const recorded = request.unrecorded ? undefined : store.get(key);
    if (recorded?.status === 'succeeded') return { result: asRecord(recorded.result), writes: [] };
    const adapter = recorded?.handle ? registry.forHandle(recorded.handle) : registry.forSite(request.siteId);
    assertSupported(adapter, operation);

    let callKey = recorded?.callKey ?? key;
    let handle: OperationHandle | undefined = recorded?.handle ?? undefined;
    let handleSaved = handle !== undefined;
    // A recorded intent may have reached the fabric before the crash: ask before sending.
    let reconcile = recorded !== undefined;
    const writes = [...(request.intentWrites ?? [])];
    if (recorded?.status === 'cancelled' || recorded?.status === 'failed') {
      // That try was definitely not applied: a fresh key for the next one.
      callKey = `${recorded.callKey}~r`;
      writes.unshift(store.intentWriter(this.#intent(request, adapter, callKey), this.#deps.now()));
      handle = undefined;
      handleSaved = false;
      reconcile = false;
    } else if (!recorded) {
      writes.unshift(store.intentWriter(this.#intent(request, adapter, callKey), this.#deps.now()));
    }
    // A refused intent fails the call before anything is sent: there is nothing to reconcile.
    if (writes.length > 0) await journal((tx) => writes.forEach((write) => write(tx)));
    request.onIntentCommitted?.();
    await request.beforeSend?.();
    const gate = this.#gate(adapter);
    // A cancel while waiting for a slot: nothing was sent, so the call ends as not applied.
    if (gate) await gate.enter(signal).catch(() => {
      throw new CallCancelled(`${operation.op} was cancelled before it was sent.`);
    });
    try {
      return await this.#send(request, adapter, { callKey, handle, handleSaved, reconcile, signal });
    } finally {
      gate?.leave();
    }
  }

  /** Every journal write of a call is fenced by the job's lease (docs/architecture.md, "Leases and fencing"). */
  #journal(request: CallRequest<Tx>): (work: Write<Tx>) => Promise<void> {
    return (work) =>
      this.#deps.batcher.write((tx) => {
        request.fence?.(tx);
        work(tx);
      });
  }

  #gate(adapter: FabricAdapter): Gate | null {
    let gate = this.#gates.get(adapter.id);
    if (gate === undefined) {
      const limit = fabricLimit(adapter.capabilities());
      gate = limit === undefined ? null : new Gate(limit);
      this.#gates.set(adapter.id, gate);
    }
    return gate;
  }

  async #send(
    request: CallRequest<Tx>,
    adapter: FabricAdapter,
    from: { callKey: string; handle: OperationHandle | undefined; handleSaved: boolean; reconcile: boolean; signal: AbortSignal | undefined },
  ): Promise<CallOutcome<Tx>> {
    const journal = this.#journal(request);
    const { store, policies, sleep } = this.#deps;
    const { key, operation } = request;
    let { callKey, handle, handleSaved, reconcile, signal } = from;
    let tries = 0;
    const policy = policies(operation.op);

    for (;;) {
      let definitive = false;
      try {
        if (!handle && reconcile) handle = await adapter.lookup(callKey, { signal });
        reconcile = false;
        if (!handle) {
          handle = await adapter.start(operation, callKey, { signal });
          handleSaved = false;
        }
        let status = await adapter.poll(handle, { signal });
        let wait = this.#deps.pollIntervalMs ?? 100;
        let polls = 0;
        let held = false;
        while (UNFINISHED.has(status.state)) {
          if (!handleSaved) {
            await journal(store.handleWriter(key, handle, this.#deps.now())); // durable before we wait on it
            handleSaved = true;
          }
          // The first poll after the handle is durable is a long poll: no wait when the adapter can hold it. An
          // adapter that held the last poll (a long poll) is asked again at once; one that answers at once
          // (it cannot long-poll) is polled with a growing backoff instead.
          if (polls > 0 && !held) {
            await sleep(wait, signal);
            wait = Math.min(wait * 1.5, this.#deps.maxPollIntervalMs ?? 5_000);
          }
          polls += 1;
          const asked = Date.now();
          status = await adapter.poll(handle, { signal, waitMs: LONG_POLL_MS });
          held = Date.now() - asked >= LONG_POLL_MS / 2;
        }
        if (status.state === 'succeeded') {
          const result = asRecord(status.result);
          return { result, writes: [store.outcomeWriter(key, 'succeeded', handle, result, this.#deps.now())] };
        }
        if (status.state === 'cancelled') throw new CallCancelled(status.message);
        if (status.state === 'failed') {
          definitive = true;
          throw new FabricError(status.error.kind, status.error.message, status.error.retryAfterMs === undefined ? {} : { retryAfterMs: status.error.retryAfterMs });
        }
      } catch (error) {
        if (error instanceof CallCancelled) {
          await journal(store.outcomeWriter(key, 'cancelled', handle ?? null, undefined, this.#deps.now()));
          throw error;
        }
        if (signal?.aborted) {
          const cancelled = await this.#cancel(adapter, handle, callKey);
          if (cancelled) {
            await journal(store.outcomeWriter(key, 'cancelled', handle ?? null, undefined, this.#deps.now()));
            throw new CallCancelled(`${operation.op} was cancelled before the fabric applied it.`);
          }
          // Already applied (or not cancellable): it finishes, so the machine is never left halfway.
          signal = undefined;
          handle = undefined;
          reconcile = true;
          continue;
        }
        const { kind, message } = classify(error);
        tries += 1;
        if (kind === 'outcome-unknown') {
          if (tries >= policy.maximumAttempts) throw new FabricError('outcome-unknown', message);
          handle = undefined; // the answer was lost: look the key up before sending anything again
          reconcile = true;
        } else if (!isRetryable(policy, kind) || tries >= policy.maximumAttempts) {
          if (definitive) await journal(store.outcomeWriter(key, 'failed', handle ?? null, { kind, message }, this.#deps.now()));
          throw error instanceof FabricError ? error : new FabricError(kind, message, { cause: error });
        } else if (definitive) {
          // That try failed at the fabric and was not applied: the next one gets a key of its own.
          callKey = `${callKey}~${tries}`;
          await journal(store.intentWriter(this.#intent(request, adapter, callKey), this.#deps.now()));
          handle = undefined;
          handleSaved = false;
        } else if (handle) {
          // The poll itself failed (transport): the operation is still the one we have a handle for.
        }
        const retryAfterMs = error instanceof FabricError ? error.retryAfterMs : undefined;
        await sleep(retryDelayMs(policy, tries, retryAfterMs), signal).catch(() => undefined);
      }
    }
  }

  /** Whether the fabric stopped the call before applying it. */
  async #cancel(adapter: FabricAdapter, handle: OperationHandle | undefined, callKey: string): Promise<boolean> {
    if (!adapter.capabilities().cancellable || !adapter.cancel) return false;
    try {
      const found = handle ?? (await adapter.lookup(callKey));
      if (!found) return true; // never reached the fabric
      await adapter.cancel(found);
      return true;
    } catch {
      return false; // refused: already applied
    }
  }

  #intent(request: CallRequest<Tx>, adapter: FabricAdapter, callKey: string) {
    return {
      key: request.key,
      jobId: request.jobId,
      stepId: request.stepId,
      attempt: request.attempt,
      callKey,
      adapterId: adapter.id,
      operation: request.operation,
      target: operationTarget(request.operation),
    };
  }
}

/** An adapter answers the port's classified errors; anything else it throws is a bug there, so not retried. */
function classify(error: unknown): { kind: FabricErrorKind; message: string } {
  if (error instanceof FabricError) return { kind: error.kind, message: error.message };
  return { kind: 'permanent', message: error instanceof Error ? error.message : String(error) };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
