// Commit, then publish: no estate or plan state in memory changes before its transaction commits; a refused
// commit leaves memory equal to disk (docs/decisions.md "The lab as a separate fabric service").
import { afterEach, describe, expect, it } from 'vitest';
import { refuseCommitsTouching } from '../adapters/lab/lab-testing.ts';
import { openTestApp, type TestApp } from '../orchestration/testing.ts';
import type { RecoveryPlan } from '../domain/model/estate.ts';
import { createAppContext } from '../composition/app-context.ts';

let t: TestApp | undefined;
afterEach(() => {
  t?.dispose();
  t = undefined;
});

function onDisk(dir: string, planId: string): RecoveryPlan | undefined {
  const reopened = createAppContext({ dataDir: dir });
  try {
    return reopened.estate().plans.find((plan) => plan.id === planId);
  } finally {
    reopened.close();
  }
}

describe('commit, then publish (plan editor)', () => {
  it('a script action whose save was refused is neither in memory nor on disk, so no failover runs it unsaved and unaudited', async () => {
    t = openTestApp();
    const plan = t.app.estate().plans[0]!;
    const group = plan.groups[0]!;
    refuseCommitsTouching(t.app.db, 'estate_doc');
    const action = { id: 'sneaky-script', kind: 'script' as const, title: 'Repoint DNS', command: 'echo hi', timeoutSeconds: 30 };
    await expect(t.app.plans.addAction(plan.id, group.id, 'before', action)).rejects.toMatchObject({ code: 'DATABASE_ERROR' });
    const inMemory = t.app.estate().plans.find((candidate) => candidate.id === plan.id)!;
    expect(inMemory.groups[0]!.before.map((a) => a.id)).not.toContain('sneaky-script');
    expect(inMemory).toEqual(plan);
    t.app.db.exec('DROP TRIGGER test_refuse_estate_doc_update; DROP TRIGGER test_refuse_estate_doc_insert');
    expect(onDisk(t.dir, plan.id)).toEqual(inMemory);
  });

  it('an edited plan whose save was refused leaves the previous plan in memory', async () => {
    t = openTestApp();
    const plan = t.app.estate().plans[0]!;
    refuseCommitsTouching(t.app.db, 'estate_doc');
    await expect(t.app.plans.save({ ...structuredClone(plan), name: 'Renamed while the disk refused' })).rejects.toMatchObject({ code: 'DATABASE_ERROR' });
    expect(t.app.estate().plans.find((candidate) => candidate.id === plan.id)!.name).toBe(plan.name);
  });

  it('an added action that committed is in the next snapshot, and the snapshot a reader held is unchanged', async () => {
    t = openTestApp();
    const held = t.app.estate();
    const plan = held.plans[0]!;
    await t.app.plans.addAction(plan.id, plan.groups[0]!.id, 'after', { id: 'check-dns', kind: 'manual', title: 'Check DNS', instructions: 'Look.' });
    expect(t.app.estate().plans[0]!.groups[0]!.after.map((a) => a.id)).toContain('check-dns');
    expect(held.plans[0]!.groups[0]!.after.map((a) => a.id)).not.toContain('check-dns');
  });
});
