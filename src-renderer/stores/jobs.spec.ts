// The job detail's store against the real engine (SQLite, the lab fabric) through the real dispatch, with a
// transport whose delivery order the test holds: a decision's reply, the job's progress events and its reads
// travel separately, and the web host's stream or a busy main process can hand them over in any order.
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BridgeApi } from '../../src-main/contract/index.ts';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../src-main/contract/names.ts';
import { openTestApp, type TestApp } from '../../src-main/orchestration/testing.ts';
import { dispatch } from '../../src-main/transports/api/dispatch.ts';
import { useJobsStore } from './jobs.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An in-process bridge over the real dispatch whose events wait, while it holds, until `release(count)` hands them over. */
function heldBridge(t: TestApp) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let holding = false;
  const queue: (() => void)[] = [];
  t.app.events.subscribe((name, payload) => {
    const deliver = () => listeners.get(name)?.forEach((listener) => listener(payload));
    if (holding) queue.push(deliver);
    else deliver();
  });
  const invoke = Object.fromEntries(CHANNEL_NAMES.map((channel) => [channel, (input: unknown) => dispatch(t.app, channel, input)])) as unknown as BridgeApi['invoke'];
  const subscribe = Object.fromEntries(
    EVENT_NAMES.map((name) => [
      name,
      (listener: (payload: unknown) => void) => {
        if (!listeners.has(name)) listeners.set(name, new Set());
        listeners.get(name)!.add(listener);
        return () => listeners.get(name)!.delete(listener);
      },
    ]),
  ) as unknown as BridgeApi['subscribe'];
  return {
    bridge: { invoke, subscribe } as BridgeApi,
    hold: () => (holding = true),
    held: () => queue.length,
    /** Hands over the first `count` events held, in the order they were published. */
    release(count = queue.length) {
      for (const deliver of queue.splice(0, count)) deliver();
      if (queue.length === 0) holding = false;
    },
  };
}

let t: TestApp | undefined;
beforeEach(() => setActivePinia(createPinia()));
afterEach(() => {
  t?.dispose();
  t = undefined;
  delete (globalThis as { window?: unknown }).window;
});

describe('the job detail shows the job as it is (R19)', () => {
  it('a progress report from before a decision, arriving after its reply, does not bring back "waiting" and its offer', async () => {
    t = openTestApp();
    const transport = heldBridge(t);
    (globalThis as { window?: unknown }).window = { api: transport.bridge };
    const jobs = useJobsStore();

    // The job's events are late from its start: the page reads it, waiting for Complete Test, before they arrive.
    transport.hold();
    const started = await t.app.jobs.start({ operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'existing', networkId: 'net-s-corp' } });
    await t.app.jobs.settledJob(started.id);
    await pause(80); // past the engine's coalescing: its last report ("waiting for you") is built, and held
    const beforeDecision = transport.held();
    expect(beforeDecision).toBeGreaterThan(0);
    await jobs.loadJob(started.id);
    expect(jobs.job).toMatchObject({ status: 'waiting-for-operator', actions: { completeTest: true } });

    await jobs.completeTest('Checked in the drill network.', 'passed');
    const decided = jobs.job!;
    expect(decided.status).not.toBe('waiting-for-operator');
    expect(decided.actions.completeTest).toBe(false);

    transport.release(beforeDecision); // the reports from before the decision arrive now
    expect(jobs.job!.status).not.toBe('waiting-for-operator');
    expect(jobs.job!.actions.completeTest).toBe(false);

    transport.release();
    await t.app.jobs.settledJob(started.id);
    await pause(400); // the store's paced re-read after the decision
    expect(jobs.job!.status).toBe('succeeded');
  });
});
