// Compare-and-set decisions: a decision names the job revision it was taken on; the second of two concurrent
// decisions is refused (CONFLICT) with a sentence saying what the first was, and only the first is audited (R10, R19).
import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../composition/app-context.ts';
import type { RequestContext } from '../domain/model/request-context.ts';
import { verifyAuditLog } from '../adapters/sqlite/audit-log.ts';
import { fixedClock } from '../domain/time/clock.ts';
import { openTestApp, rest, runToRest, type TestApp } from './testing.ts';

let t: TestApp;
let second: AppContext | undefined;
afterEach(() => {
  second?.close();
  second = undefined;
  t?.dispose();
});

const alice: RequestContext = { principal: 'alice', session: { transport: 'ipc', id: 'window-1' } };
const bob: RequestContext = { principal: 'bob', session: { transport: 'http', id: 'cookie-2' } };

function auditOf(app: AppContext, jobId: string, action: string) {
  return app.db.prepare('SELECT actor, details_json FROM audit_log WHERE job_id = ? AND action = ? ORDER BY seq').all(jobId, action) as { actor: string; details_json: string }[];
}

describe('compare-and-set decisions', () => {
  it('R10: two Complete Test decisions sent at the same moment: one accepted, one CONFLICT naming the other, one audit entry, the winner\'s notes kept', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' } });
    expect(job.status).toBe('waiting-for-operator');
    const results = await Promise.allSettled([
      t.app.jobs.completeTest(job.id, 'Alice: app answers.', job.revision, alice),
      t.app.jobs.completeTest(job.id, 'Bob: login broken.', job.revision, bob),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    const refused = (results[1] as PromiseRejectedResult).reason as { code: string; message: string };
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/^Another operator \(alice\) already completed the test at \d\d:\d\d UTC \(notes: Alice: app answers\.\)/);
    const done = await rest(t.app, job.id);
    expect(done.status).toBe('succeeded');
    expect(done.notes).toBe('Alice: app answers.');
    const entries = auditOf(t.app, job.id, 'test.completed');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor).toBe('alice'); // the request context's principal is the audit actor
    expect(verifyAuditLog(t.app.db).ok).toBe(true);
  });

  it('R10: the same race from two console processes (two connections to one database): one accepted, one CONFLICT, one audit entry', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' } });
    second = createAppContext({ dataDir: t.dir, stepTimeoutMs: 2_000 });
    const results = await Promise.allSettled([
      t.app.jobs.completeTest(job.id, 'From the desktop.', job.revision, alice),
      second.jobs.completeTest(job.id, 'From the CLI.', job.revision, bob),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^Another operator \((alice|bob)\) already completed the test at .*\(notes: From the/) });
    await t.app.jobs.settled();
    await second.jobs.settled();
    const done = t.app.jobs.get(job.id);
    expect(done.status).toBe('succeeded');
    expect(['From the desktop.', 'From the CLI.']).toContain(done.notes);
    expect(auditOf(t.app, job.id, 'test.completed')).toHaveLength(1);
  });

  it('R19: a decision taken on a revision the job has moved past is refused, saying what changed it; nothing is written', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' } });
    const seen = job.revision;
    const noted = await t.app.jobs.notes(job.id, 'Bridge call at 10:00', seen, bob);
    expect(noted.revision).toBeGreaterThan(seen);
    const before = t.app.db.prepare('SELECT count(*) AS n FROM audit_log').get();
    await expect(t.app.jobs.completeTest(job.id, 'stale view', seen, alice)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^Another operator \(bob\) already changed the notes at .*\(notes: Bridge call at 10:00\)/),
    });
    expect(t.app.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual(before);
    expect(t.app.jobs.get(job.id).status).toBe('waiting-for-operator');
    // With the revision it shows now, the same decision goes through.
    await t.app.jobs.completeTest(job.id, 'fresh view', noted.revision, alice);
    expect((await rest(t.app, job.id)).status).toBe('succeeded');
  });

  it('every job-level change an operator could decide on bumps the revision (status, gates, notes, cancel)', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' } });
    const revisions = [job.revision];
    revisions.push((await t.app.jobs.notes(job.id, 'n1')).revision);
    await t.app.jobs.completeTest(job.id, 'done');
    revisions.push((await rest(t.app, job.id)).revision);
    expect(revisions[0]).toBeGreaterThan(0); // created 0 → running → waiting
    expect(revisions[1]).toBe(revisions[0]! + 1);
    expect(revisions[2]).toBeGreaterThan(revisions[1]!);
  });

  it('R10: the two-week forced completion racing an operator\'s Complete Test: the operator\'s decision stands, upkeep skips the job', async () => {
    const clock = fixedClock('2026-11-01T08:00:00Z');
    t = openTestApp({ clock });
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { itemId: 'app02' } });
    clock.advance(15 * 86_400_000);
    const [completed, forced] = await Promise.all([t.app.jobs.completeTest(job.id, 'Done by hand.', job.revision, alice), t.app.jobs.maintain()]);
    expect(completed.status).toBe('running');
    expect(forced).toEqual([]);
    const done = await rest(t.app, job.id);
    expect(done).toMatchObject({ status: 'succeeded', forced: false });
    expect(auditOf(t.app, job.id, 'test.completed')).toHaveLength(1);
    expect(auditOf(t.app, job.id, 'test.completed-by-force')).toHaveLength(0);
  });
});
