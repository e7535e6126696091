// Properties over random fault schedules (fast-check), on the real lab fabric and SQLite: the engine's guards (LOCK,
// docs/decisions.md "Engine: the engine's own guards besides pre-flight") hold whatever fails when.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateEstate } from '../domain/estate/generate-estate.ts';
import { lockOnlyPreflight } from '../domain/rules/lock.ts';
import type { LabOperation } from '../adapters/lab/lab-faults.ts';
import { openTestApp, rest, runToRest, type TestApp } from './testing.ts';

const MACHINES = 8;
const GROUPS = 4;
const itemId = (n: number) => `vm-${String(n).padStart(4, '0')}`;
const groupOf = (id: string) => Math.floor((Number(id.slice(3)) - 1) / (MACHINES / GROUPS));

const faultArb = (operations: readonly LabOperation[], modes: readonly ('once' | 'always')[] = ['once', 'always']) =>
  fc.array(fc.record({ item: fc.integer({ min: 1, max: MACHINES }), operation: fc.constantFrom(...operations), mode: fc.constantFrom(...modes) }), { maxLength: 4 });

async function withApp<T>(faults: { item: number; operation: LabOperation; mode: 'once' | 'always' }[], body: (t: TestApp) => Promise<T>): Promise<T> {
  // Mechanics under random faults: the engine's own guards (R7 commit only from commit pending, LOCK) must hold
  // whatever pre-flight is wired, so these properties run behind the LOCK-only pre-flight.
  const t = openTestApp({ estate: generateEstate({ machines: MACHINES, groups: GROUPS }), preflight: lockOnlyPreflight });
  try {
    for (const fault of faults) t.app.lab.control.addFault({ kind: 'operation-fails', itemId: itemId(fault.item), operation: fault.operation, mode: fault.mode }, t.app.clock.now());
    return await body(t);
  } finally {
    t.dispose();
  }
}

const FAILOVER_OPS: LabOperation[] = ['shutdown', 'final-sync', 'create-replica', 'start-replica'];

describe('orchestrator properties', () => {
  it('R5: a planned failover of a plan starts no machine before every source is down, and no group after a failed one', async () => {
    await fc.assert(
      fc.asyncProperty(faultArb(FAILOVER_OPS), async (faults) =>
        withApp(faults, async (t) => {
          const job = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-gen' } });
          const failedGroups = job.steps.filter((node) => node.kind === 'item' && node.status === 'failed').map((node) => groupOf(node.itemId!));
          if (failedGroups.length === 0) {
            expect(job.status).toBe('succeeded');
            return;
          }
          expect(job.status).toBe('failed');
          const firstFailed = Math.min(...failedGroups);
          const ops = t.app.lab.ops().filter((op) => op.outcome === 'ok');
          const started = new Set(ops.filter((op) => op.operation === 'start-replica').map((op) => op.itemId));
          for (let n = 1; n <= MACHINES; n++) if (groupOf(itemId(n)) > firstFailed) expect(started.has(itemId(n))).toBe(false);
          const lastShutdown = Math.max(...ops.filter((op) => op.operation === 'shutdown').map((op) => op.seq));
          for (const op of ops.filter((candidate) => candidate.operation === 'start-replica')) expect(op.seq).toBeGreaterThan(lastShutdown);
        }),
      ),
      { numRuns: 15, seed: 20261129 },
    );
  }, 60_000);

  it('R6: an unplanned failover reaches every item whatever fails', async () => {
    await fc.assert(
      fc.asyncProperty(faultArb(FAILOVER_OPS), fc.boolean(), async (faults, shutdownAndSync) =>
        withApp(faults, async (t) => {
          const job = await runToRest(t.app, { operation: 'unplanned-failover', scope: { planId: 'plan-gen' }, shutdownAndSync });
          expect(['succeeded', 'partially-succeeded', 'failed']).toContain(job.status);
          const attempted = new Set(t.app.lab.ops().filter((op) => op.operation === 'create-replica').map((op) => op.itemId));
          for (let n = 1; n <= MACHINES; n++) expect(attempted.has(itemId(n))).toBe(true);
        }),
      ),
      { numRuns: 15, seed: 7 },
    );
  }, 60_000);

  it('R7 R8: after a committed failover no item is active on both sides, and commit applies only from commit pending', async () => {
    await fc.assert(
      fc.asyncProperty(faultArb([...FAILOVER_OPS, 'commit']), async (faults) =>
        withApp(faults, async (t) => {
          await runToRest(t.app, { operation: 'unplanned-failover', scope: { planId: 'plan-gen' } });
          const pending = t.app.estate().items.filter((item) => item.failoverState === 'commit-pending').map((item) => item.id);
          for (const id of pending) await runToRest(t.app, { operation: 'commit', scope: { itemId: id } });
          // Commit from any other state is refused before the fabric is called.
          for (const item of t.app.estate().items.filter((candidate) => candidate.failoverState !== 'commit-pending')) {
            await expect(t.app.jobs.start({ operation: 'commit', scope: { itemId: item.id } })).rejects.toMatchObject({ code: 'OPERATION_NOT_ALLOWED' });
          }
          const startedBeforeCommit = new Set<string>();
          for (const op of t.app.lab.ops().filter((candidate) => candidate.outcome === 'ok')) {
            if (op.operation === 'start-replica') startedBeforeCommit.add(op.itemId!);
            if (op.operation === 'commit') expect(startedBeforeCommit.has(op.itemId!)).toBe(true);
          }
          for (const item of t.app.estate().items) {
            const failedOver = startedBeforeCommit.has(item.id);
            // One active location: the target for a failed-over machine, the source for the others.
            expect(item.activeSiteId).toBe(failedOver ? 'gen-secondary' : 'gen-primary');
            if (item.failoverState === 'committed') expect(item.recoveryPoints.length).toBeLessThanOrEqual(1);
            if (!failedOver) expect(item.failoverState).toBe('none');
          }
        }),
      ),
      { numRuns: 12, seed: 99 },
    );
  }, 60_000);

  it('R10: Complete Test leaves nothing a test created, whatever failed along the way', async () => {
    const testOps: LabOperation[] = ['create-test-machine', 'start-test-machine', 'delete-test-machine', 'create-test-network', 'delete-test-network'];
    await fc.assert(
      fc.asyncProperty(faultArb(testOps, ['once']), fc.boolean(), async (faults, createNetwork) =>
        withApp(faults, async (t) => {
          const job = await runToRest(t.app, {
            operation: 'test-failover',
            scope: { planId: 'plan-gen' },
            testNetwork: createNetwork ? { option: 'create', logicalNetwork: 'LN-Gen' } : { option: 'none' },
          });
          if (job.phase === 'complete-test') await t.app.jobs.completeTest(job.id, 'property run');
          let done = await rest(t.app, job.id);
          // A once-fault during cleanup fails a deletion; re-initiating finishes the cleanup.
          for (let attempt = 0; attempt < 3 && done.steps.some((node) => node.op?.startsWith('delete-') && node.status === 'failed'); attempt++) {
            await t.app.jobs.retry(job.id);
            done = await rest(t.app, job.id);
          }
          expect(t.app.lab.testResources()).toEqual([]);
          expect(done.cleanup.every((entry) => entry.deletedAt)).toBe(true);
        }),
      ),
      { numRuns: 15, seed: 1410 },
    );
  }, 60_000);
});
