import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/time/clock.ts';
import { generateEstate } from '../domain/estate/generate-estate.ts';
import { openTestApp, rest, runToRest, stepsOf, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

describe('test failover', () => {
  it('R10: into a production network with "shut down the source machines first", each source is shut down before its copy is created', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'existing', networkId: 'net-s-corp' }, shutdownSource: true });
    expect(job.phase).toBe('complete-test');
    const order = t.app.lab.ops({ itemId: 'app02' }).map((op) => op.operation);
    expect(order.indexOf('shutdown')).toBeLessThan(order.indexOf('create-test-machine'));
    for (const item of t.app.estate().items.filter((candidate) => ['app02', 'app03', 'file01'].includes(candidate.id))) expect(item.powerState).toBe('off');
  });

  it('R18: a test failover bringing DC01 onto a production network is refused before anything runs', async () => {
    t = openTestApp();
    await expect(t.app.jobs.start({ operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'existing', networkId: 'net-s-corp' } })).rejects.toMatchObject({ code: 'PREFLIGHT_FAILED', message: expect.stringMatching(/two domain controllers with the same identity/) });
    expect(t.app.lab.ops()).toEqual([]);
  });

  it('R10: creates test machines in an auto-created network without touching replication or production, then waits at Complete testing', async () => {
    t = openTestApp();
    const before = structuredClone(t.app.estate().items);
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Test-VLAN' } });
    expect(job.status).toBe('waiting-for-operator');
    expect(job.phase).toBe('complete-test');
    expect(t.app.estate().items).toEqual(before);
    expect(job.cleanup.map((entry) => entry.kind).sort()).toEqual(['test-machine', 'test-machine', 'test-machine', 'test-network']);
    const networkId = job.cleanup.find((entry) => entry.kind === 'test-network')!.resourceId;
    for (const step of stepsOf(job, 'create-test-machine')) expect(step.result).toMatchObject({ networkId });
    // R11: the test machine is placed on the replica's host.
    expect(stepsOf(job, 'create-test-machine').find((step) => step.itemId === 'app02')?.result).toMatchObject({ hostId: 'hv-s-01' });
    expect(t.app.lab.testResources()).toHaveLength(4);
  });

  it('R10 R19: Complete Test with notes cleans up every created resource and records each deletion in the ledger', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Test-VLAN' } });
    await t.app.jobs.completeTest(job.id, 'All application checks passed.');
    const done = await rest(t.app, job.id);
    expect(done.status).toBe('succeeded');
    expect(done.notes).toBe('All application checks passed.');
    expect(done.cleanup.every((entry) => entry.deletedAt && entry.deletedBy)).toBe(true);
    expect(t.app.lab.testResources()).toEqual([]);
  });

  it('R10: Complete Test records the operator’s verdict: on the job, in its list entry, in the audit entry of the decision, and after a restart', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'none' } });
    await t.app.jobs.completeTest(job.id, 'SQL answered slowly.', undefined, undefined, 'passed-with-issues');
    expect((await rest(t.app, job.id)).verdict).toBe('passed-with-issues');
    expect(t.app.jobs.list({ planId: 'plan-apps' }).find((entry) => entry.id === job.id)?.verdict).toBe('passed-with-issues');
    const decision = t.app.audit.latestFor(job.id, 200).find((entry) => entry.action === 'test.completed');
    expect(decision?.details).toMatchObject({ verdict: 'passed-with-issues', notes: 'SQL answered slowly.' });
    t.app.close();
    const again = openTestApp({ dataDir: t.dir });
    try {
      expect(again.app.jobs.get(job.id).verdict).toBe('passed-with-issues');
    } finally {
      again.app.close();
    }
  });

  it('R18: cleanup removes application machines first, then AD/DNS, then the test network', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Test-VLAN' } });
    // plan-core has a manual action after Group 3.
    await t.app.jobs.confirm(job.id, undefined, undefined);
    expect((await rest(t.app, job.id)).phase).toBe('complete-test');
    await t.app.jobs.completeTest(job.id, 'done');
    await rest(t.app, job.id);
    const deletions = t.app.lab.ops().filter((op) => op.outcome === 'ok' && op.operation.startsWith('delete-'));
    const order = deletions.map((op) => op.itemId ?? op.operation);
    expect(order.at(-1)).toBe('delete-test-network');
    expect(order.at(-2)).toBe('dc01');
    // Reverse group order for the applications: Group 3 before Group 2 (sql01).
    expect(order.indexOf('sql01')).toBeGreaterThan(order.indexOf('web01'));
  });

  it('R10: a test failover older than two weeks is completed by force and its test machines deleted', async () => {
    const clock = fixedClock('2026-11-01T08:00:00Z');
    t = openTestApp({ clock });
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'none' } });
    expect(job.phase).toBe('complete-test');
    clock.advance(13 * 86_400_000);
    expect(await t.app.jobs.maintain()).toEqual([]);
    clock.advance(2 * 86_400_000);
    expect(await t.app.jobs.maintain()).toEqual([job.id]);
    const done = await rest(t.app, job.id);
    expect(done.status).toBe('completed-by-force');
    expect(t.app.lab.testResources()).toEqual([]);
    expect(done.steps.find((node) => node.gate === 'complete-test')?.note).toMatch(/two weeks/);
  });

  it('R10: one machine failing to boot does not stop the others; the job still reaches Complete testing and cleans up', async () => {
    t = openTestApp({ estate: generateEstate({ machines: 6, groups: 2 }) });
    t.app.lab.control.addFault({ kind: 'boot-failure', itemId: 'vm-0002', mode: 'always' }, t.app.clock.now());
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-gen' } });
    expect(job.phase).toBe('complete-test');
    await t.app.jobs.completeTest(job.id, 'vm-0002 did not boot');
    const done = await rest(t.app, job.id);
    expect(done.status).toBe('partially-succeeded');
    expect(t.app.lab.testResources()).toEqual([]);
  });

  it('refuses to cancel a test failover that created machines: Complete Test cleans them up', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' } });
    await expect(t.app.jobs.cancel(job.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
