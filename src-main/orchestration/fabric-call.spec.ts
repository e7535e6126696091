// FabricCaller against a scripted remote fabric (a fake only for the network peer; SQLite is real): the
// intent journal, reconciliation after a crash or a lost answer, the retry policy and cancel.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../adapters/sqlite/database.ts';
import { FabricCallStore } from '../adapters/sqlite/fabric-call-store.ts';
import { WriteBatcher } from '../adapters/sqlite/write-batcher.ts';
import { StaticFabricRegistry, fabricSupports } from '../domain/fabric/registry.ts';
import { FabricError, type FabricAdapter, type FabricOperation, type FabricOperationName, type OperationHandle, type OperationStatus } from '../domain/ports/fabric-port.ts';
import { LeaseLost } from '../domain/ports/job-persistence.ts';
import { CallCancelled, FabricCaller, type CallRequest } from './fabric-call.ts';
import { retryPolicies, type RetryPolicy } from './retry-policy.ts';

type Script = (call: { key: string; count: number }) => 'apply' | 'lose-answer' | 'hang' | 'slow' | FabricError | { fail: FabricError };

/** A remote fabric: applies a key at most once, answers by handle; `script` decides each start's fate. */
class ScriptedFabric implements FabricAdapter {
  readonly id = 'remote';
  readonly starts: string[] = [];
  readonly lookups: string[] = [];
  readonly applied: string[] = [];
  readonly cancelled: string[] = [];
  readonly polls: string[] = [];
  readonly ops = new Map<string, OperationStatus>();
  onStart: ((key: string) => void) | undefined;
  operations: readonly FabricOperationName[] = ['shutdown', 'create-replica', 'start-replica', 'create-test-machine'];
  readonly script: Script;
  constructor(script: Script = () => 'apply') {
    this.script = script;
  }

  capabilities() {
    return { operations: this.operations, grain: 'step' as const, cancellable: true, resumable: false };
  }
  async start(_operation: FabricOperation, key: string, options: { signal?: AbortSignal } = {}): Promise<OperationHandle> {
    this.onStart?.(key);
    const handle = { adapterId: this.id, operationId: key };
    if (this.ops.has(key)) return handle;
    this.starts.push(key);
    const fate = this.script({ key, count: this.starts.length });
    if (fate instanceof FabricError) throw fate;
    if (typeof fate === 'object') {
      this.ops.set(key, { state: 'failed', error: { kind: fate.fail.kind, message: fate.fail.message } });
      return handle;
    }
    if (fate === 'hang' || fate === 'slow') {
      this.ops.set(key, { state: 'running' });
      if (fate === 'slow') setTimeout(() => this.#apply(key), 20);
      if (fate === 'hang') options.signal?.throwIfAborted();
      return handle;
    }
    this.#apply(key);
    if (fate === 'lose-answer') throw new FabricError('outcome-unknown', 'the answer was lost');
    return handle;
  }
  #apply(key: string) {
    if (this.ops.get(key)?.state === 'cancelled') return;
    this.applied.push(key);
    this.ops.set(key, { state: 'succeeded', result: { done: key } });
  }
  onPoll: ((options: { waitMs?: number }) => void) | undefined;
  async poll(handle: OperationHandle, options: { waitMs?: number } = {}): Promise<OperationStatus> {
    this.onPoll?.(options);
    this.polls.push(handle.operationId);
    return this.ops.get(handle.operationId) ?? { state: 'failed', error: { kind: 'permanent', message: 'unknown operation' } };
  }
  async lookup(key: string): Promise<OperationHandle | undefined> {
    this.lookups.push(key);
    return this.ops.has(key) ? { adapterId: this.id, operationId: key } : undefined;
  }
  async cancel(handle: OperationHandle): Promise<void> {
    if (this.ops.get(handle.operationId)?.state !== 'running') throw new FabricError('conflict', 'already applied');
    this.cancelled.push(handle.operationId);
    this.ops.set(handle.operationId, { state: 'cancelled', message: 'cancelled' });
  }
  async siteReachable() { return true; }
  async powerState() { return 'running' as const; }
  async listRecoveryPoints() { return []; }
  async vmExists() { return false; }
  async inventory() { return { sites: [], items: [], readAt: new Date(0).toISOString() }; }
}

let dir: string | undefined;
let db: DatabaseSync | undefined;
afterEach(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  db = undefined;
  dir = undefined;
});

function setup(fabric: ScriptedFabric, policy: Partial<RetryPolicy> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'fc-call-'));
  db = openDatabase(join(dir, 'engine.sqlite'));
  const batcher = new WriteBatcher(db);
  const store = new FabricCallStore(db);
  const sleeps: number[] = [];
  const caller = new FabricCaller({
    registry: new StaticFabricRegistry({}, fabric),
    store,
    batcher,
    policies: retryPolicies(policy),
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    },
    now: () => '2026-01-01T00:00:00.000Z',
  });
  const request = (over: Partial<CallRequest<DatabaseSync>> = {}): CallRequest<DatabaseSync> => ({ jobId: 'job-1', stepId: 'g1/items/vm1/create-replica', attempt: 1, key: 'job-1/step#1', siteId: 'site-b', operation: { op: 'create-replica', itemId: 'vm1', context: { type: 'planned', fromSiteId: 'a', toSiteId: 'b' } }, ...over });
  const commitAll = async (writes: ((db: DatabaseSync) => void)[]) => batcher.write((conn) => writes.forEach((write) => write(conn)));
  return { batcher, store, caller, sleeps, request, commitAll };
}

describe('fabric calls: intent, handle, outcome (exactly once against a remote fabric)', () => {
  it('LOCK: a process that lost the job\'s lease journals nothing and sends nothing (every journal write is fenced)', async () => {
    const fabric = new ScriptedFabric();
    const { caller, store, request } = setup(fabric);
    const lost = new LeaseLost('job-1');
    await expect(caller.call({ ...request(), fence: () => { throw lost; } })).rejects.toBe(lost);
    expect(fabric.starts).toEqual([]);
    expect(store.get('job-1/step#1')).toBeUndefined();
  });

  it('the intent is committed before the call is sent; an answer already final needs no handle commit', async () => {
    const fabric = new ScriptedFabric();
    const { caller, store, batcher, request, commitAll } = setup(fabric);
    let seenAtStart: string | undefined;
    fabric.onStart = (key) => (seenAtStart = store.get(key)?.status);
    const outcome = await caller.call(request());
    expect(seenAtStart).toBe('intent');
    expect(outcome.result).toEqual({ done: 'job-1/step#1' });
    expect(batcher.stats.commits).toBe(1); // the intent only: the outcome goes with the step's result
    await commitAll(outcome.writes);
    expect(store.get('job-1/step#1')).toMatchObject({ status: 'succeeded', handle: { operationId: 'job-1/step#1' }, target: 'vm1', attempt: 1 });
  });

  it('an unfinished operation has its handle committed before the runner waits on it, then is polled to the end', async () => {
    const fabric = new ScriptedFabric(() => 'slow');
    const { caller, store, request } = setup(fabric);
    const asked: { waitMs: number; handleDurable: boolean }[] = [];
    fabric.onPoll = ({ waitMs }) => asked.push({ waitMs: waitMs ?? 0, handleDurable: store.get('job-1/step#1')?.handle !== null });
    const outcome = await caller.call(request());
    // The first poll answers at once; only once the handle is durable may the adapter hold a poll (long poll).
    expect(asked[0]).toEqual({ waitMs: 0, handleDurable: false });
    expect(asked.slice(1).every((poll) => poll.waitMs > 0 && poll.handleDurable)).toBe(true);
    expect(outcome.result).toEqual({ done: 'job-1/step#1' });
    expect(store.get('job-1/step#1')).toMatchObject({ status: 'started', handle: { adapterId: 'remote', operationId: 'job-1/step#1' } });
    expect(fabric.polls.length).toBeGreaterThan(1);
  });

  it('a lost answer (applied, reply never came) is reconciled by looking the key up: applied once, never re-sent', async () => {
    const fabric = new ScriptedFabric(({ count }) => (count === 1 ? 'lose-answer' : 'apply'));
    const { caller, request } = setup(fabric);
    const outcome = await caller.call(request());
    expect(outcome.result).toEqual({ done: 'job-1/step#1' });
    expect(fabric.starts).toEqual(['job-1/step#1']);
    expect(fabric.lookups).toEqual(['job-1/step#1']);
    expect(fabric.applied).toEqual(['job-1/step#1']);
  });

  it('after a crash between intent and handle, the key is looked up and polled when the fabric knows it', async () => {
    const fabric = new ScriptedFabric();
    const { caller, store, batcher, request } = setup(fabric);
    // The process that died had committed the intent and the fabric had applied the call.
    await batcher.write(store.intentWriter({ key: 'job-1/step#1', jobId: 'job-1', stepId: 's', attempt: 1, callKey: 'job-1/step#1', adapterId: 'remote', operation: request().operation, target: 'vm1' }, 'x'));
    fabric.ops.set('job-1/step#1', { state: 'succeeded', result: { done: 'before the crash' } });
    const outcome = await caller.call(request());
    expect(outcome.result).toEqual({ done: 'before the crash' });
    expect(fabric.lookups).toEqual(['job-1/step#1']);
    expect(fabric.starts).toEqual([]);
  });

  it('after a crash between intent and handle, a key the fabric never saw is started again with the SAME key', async () => {
    const fabric = new ScriptedFabric();
    const { caller, store, batcher, request } = setup(fabric);
    await batcher.write(store.intentWriter({ key: 'job-1/step#1', jobId: 'job-1', stepId: 's', attempt: 1, callKey: 'job-1/step#1', adapterId: 'remote', operation: request().operation, target: 'vm1' }, 'x'));
    await caller.call(request());
    expect(fabric.lookups).toEqual(['job-1/step#1']);
    expect(fabric.starts).toEqual(['job-1/step#1']);
  });

  it('after a crash with the handle recorded, the handle is polled: no lookup, no start', async () => {
    const fabric = new ScriptedFabric();
    const { caller, store, batcher, request } = setup(fabric);
    await batcher.write(store.intentWriter({ key: 'job-1/step#1', jobId: 'job-1', stepId: 's', attempt: 1, callKey: 'job-1/step#1', adapterId: 'remote', operation: request().operation, target: 'vm1' }, 'x'));
    await batcher.write(store.handleWriter('job-1/step#1', { adapterId: 'remote', operationId: 'job-1/step#1' }, 'x'));
    fabric.ops.set('job-1/step#1', { state: 'succeeded', result: { polled: true } });
    expect((await caller.call(request())).result).toEqual({ polled: true });
    expect(fabric.lookups).toEqual([]);
    expect(fabric.starts).toEqual([]);
  });
});

describe('fabric calls: retry policy as data', () => {
  it('throttled and transient refusals are absorbed, honouring Retry-After, before anyone sees a failure', async () => {
    const fabric = new ScriptedFabric(({ count }) => (count === 1 ? new FabricError('throttled', 'slow down', { retryAfterMs: 7_000 }) : count === 2 ? new FabricError('transient', 'blip') : 'apply'));
    const { caller, sleeps, request } = setup(fabric, { initialIntervalMs: 10, backoffCoefficient: 2 });
    expect((await caller.call(request())).result).toEqual({ done: 'job-1/step#1' });
    expect(sleeps).toEqual([7_000, 20]); // Retry-After wins over the backoff; then 10 × 2
    expect(fabric.applied).toHaveLength(1);
  });

  it('exhausted retries fail with the last error', async () => {
    const fabric = new ScriptedFabric(({ count }) => new FabricError('unreachable', `site b unreachable (try ${count})`));
    const { caller, sleeps, request } = setup(fabric, { initialIntervalMs: 10, maximumAttempts: 3 });
    await expect(caller.call(request({ operation: { op: 'shutdown', itemId: 'vm1' } }))).rejects.toMatchObject({ kind: 'unreachable', message: 'site b unreachable (try 3)' });
    expect(sleeps).toHaveLength(2);
  });

  it('permanent and conflict errors fail at once, without a retry', async () => {
    for (const kind of ['permanent', 'conflict'] as const) {
      const fabric = new ScriptedFabric(() => ({ fail: new FabricError(kind, `${kind} refusal`) }));
      const { caller, sleeps, store, request } = setup(fabric);
      await expect(caller.call(request())).rejects.toMatchObject({ kind, message: `${kind} refusal` });
      expect(sleeps).toEqual([]);
      expect(store.get('job-1/step#1')?.status).toBe('failed');
      db?.close();
      db = undefined;
    }
  });

  it('a try that failed at the fabric (not applied) is retried under a key of its own', async () => {
    const fabric = new ScriptedFabric(({ count }) => (count === 1 ? { fail: new FabricError('transient', 'host busy') } : 'apply'));
    const { caller, request } = setup(fabric, { initialIntervalMs: 1 });
    await caller.call(request());
    expect(fabric.starts).toEqual(['job-1/step#1', 'job-1/step#1~1']);
    expect(fabric.applied).toEqual(['job-1/step#1~1']);
  });

  it('an operation the adapter does not list is refused with a clear error; pre-flight can ask fabricSupports', async () => {
    const fabric = new ScriptedFabric();
    fabric.operations = ['shutdown'];
    const { caller, request } = setup(fabric);
    await expect(caller.call(request())).rejects.toMatchObject({ kind: 'permanent', message: expect.stringContaining('cannot run "create-replica"') });
    expect(fabric.starts).toEqual([]);
    const registry = new StaticFabricRegistry({ 'site-b': fabric });
    expect(fabricSupports(registry, 'site-b', 'shutdown')).toBe(true);
    expect(fabricSupports(registry, 'site-b', { op: 'create-vm', itemId: 'vm1', hostId: 'h' })).toBe(false);
    expect(fabricSupports(registry, 'site-unknown', 'shutdown')).toBe(false);
  });
});

describe('fabric calls: cancel', () => {
  it('an aborted call the fabric has not applied is cancelled there and reported as not applied', async () => {
    const fabric = new ScriptedFabric(() => 'hang');
    const { caller, store, request } = setup(fabric);
    const controller = new AbortController();
    const pending = caller.call(request({ signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('cancel')), 5);
    await expect(pending).rejects.toBeInstanceOf(CallCancelled);
    expect(fabric.cancelled).toEqual(['job-1/step#1']);
    expect(store.get('job-1/step#1')?.status).toBe('cancelled');
    expect(fabric.applied).toEqual([]);
  });

  it('an aborted call the fabric refuses to cancel (already applied) is followed to its end', async () => {
    const fabric = new ScriptedFabric(() => 'slow');
    const { caller, request } = setup(fabric);
    const controller = new AbortController();
    controller.abort(new Error('cancel'));
    fabric.ops.set('job-1/step#1', { state: 'succeeded', result: { done: 'already' } });
    expect((await caller.call(request({ signal: controller.signal }))).result).toEqual({ done: 'already' });
  });
});
