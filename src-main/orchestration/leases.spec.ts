// Leases with fencing (docs/decisions.md, "Leases, global ids, machine locks"): a crashed owner is recognised by
// its expired lease, never by its process id (reused after a reboot); exactly one process claims an expired job;
// a process whose lease was taken cannot write to the job's journal any more.
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../composition/app-context.ts';
import { runCli } from '../transports/cli/run.ts';
import { verifyAuditLog } from '../adapters/sqlite/audit-log.ts';
import { JobLeases } from '../adapters/sqlite/job-leases.ts';
import { WriteBatcher } from '../adapters/sqlite/write-batcher.ts';
import { LeaseKeeper } from './lease-keeper.ts';
import { generateEstate } from '../domain/estate/generate-estate.ts';
import { openTestApp, type TestApp } from './testing.ts';

let t: TestApp;
const opened: AppContext[] = [];
let sleeper: ChildProcess | undefined;
afterEach(() => {
  sleeper?.kill();
  sleeper = undefined;
  opened.splice(0).forEach((app) => app.close());
  t?.dispose();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function open(dir: string): AppContext {
  const app = createAppContext({ dataDir: dir, stepTimeoutMs: 2_000, lease: { ttlMs: 1_000, heartbeatMs: 50 } });
  opened.push(app);
  return app;
}

/**
 * A planned failover left running by a console that crashed: its lease names a process id that an unrelated,
 * live process (`sleep 60`) now has, and expired a minute ago.
 */
async function crashedJob(): Promise<{ jobId: string; pid: number }> {
  t = openTestApp();
  t.app.lab.control.setSettings({ timeScale: 0.004 });
  const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-apps' } });
  await sleep(300);
  t.app.close();
  sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  const pid = sleeper.pid!;
  const db = open(t.dir).db;
  db.prepare('UPDATE jobs SET lease_owner = ?, lease_epoch = lease_epoch + 1, lease_expires_at = ? WHERE id = ?').run(`${hostname()}:${pid}:crashed`, Date.now() - 60_000, job.id);
  opened.pop()!.close();
  expect(job.status).not.toBe('succeeded');
  return { jobId: job.id, pid };
}

async function cli(app: AppContext, argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { app, io: { out: (text) => (out += text), err: (text) => (err += text), readStdin: async () => '' } });
  return { code, out, err };
}

describe('leases', () => {
  it('on close, a commit that also holds a refused write still releases every lease, and the writes before the release stay fenced', async () => {
    t = openTestApp();
    const job = await t.app.jobs.start({ operation: 'test-failover', scope: { planId: 'plan-apps' } });
    await t.app.jobs.settledJob(job.id);
    const db = t.app.db;
    db.exec('CREATE TEMP TABLE probe (v INTEGER NOT NULL)');
    const batcher = new WriteBatcher(db);
    const keeper = new LeaseKeeper(new JobLeases(db), batcher, () => Date.now());
    expect(keeper.claim(job.id)).toBe(true);
    const fenced = batcher.write((tx) => {
      keeper.fence(tx, job.id);
      tx.prepare('INSERT INTO probe (v) VALUES (1)').run();
    });
    const release = keeper.releaseAll();
    const released = batcher.write(release.work, release.afterCommit);
    // Refused after the release ran once: the commit is taken again without it (write-batcher.ts).
    const refused = batcher.write((tx) => tx.prepare('INSERT INTO probe (v) VALUES (NULL)').run());
    batcher.flush();
    await expect(refused).rejects.toThrow(/NOT NULL/);
    await expect(fenced).resolves.toBeUndefined();
    await released;
    expect(db.prepare('SELECT v FROM probe').all()).toEqual([{ v: 1 }]);
    expect(new JobLeases(db).state(job.id)?.owner).toBeNull();
    expect(keeper.lost(job.id)).toBe(false);
  });


  it('a job whose owner crashed is resumed although its recorded process id now belongs to a live, unrelated process; jobs watch says nobody runs it', async () => {
    const { jobId, pid } = await crashedJob();
    expect(() => process.kill(pid, 0)).not.toThrow(); // the process id is in use
    const app = open(t.dir);
    app.lab.control.setSettings({ timeScale: 0 });
    const watched = await cli(app, ['jobs', 'watch', jobId]);
    expect(watched).toMatchObject({ code: 1, err: expect.stringMatching(/no console process is running .*jobs resume/) });
    const resumed = await cli(app, ['jobs', 'resume', '--wait']);
    expect(resumed.code).toBe(0);
    expect(app.jobs.get(jobId).status).toBe('succeeded');
    const applied = app.lab.ops().filter((op) => op.outcome === 'ok');
    expect(new Set(applied.map((op) => `${op.itemId}/${op.operation}`)).size).toBe(applied.length);
    expect(verifyAuditLog(app.db).ok).toBe(true);
  });

  it('jobs cancel stops a job whose owner crashed, from this process, and frees its machines; no machine is left shut down at the source (R7)', async () => {
    const { jobId } = await crashedJob();
    const app = open(t.dir);
    app.lab.control.setSettings({ timeScale: 0 });
    const cancelled = await cli(app, ['jobs', 'cancel', jobId]);
    // The plan's machines are shut down in one phase first: those already shut down are failed over (never half
    // a failover), the others are not started. If the crash came after every shutdown, nothing is left to stop.
    expect(cancelled).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^${jobId} (cancelled|succeeded)\n$`)) as unknown });
    const applied = (operation: string) => app.lab.ops().filter((op) => op.outcome === 'ok' && op.operation === operation).map((op) => op.itemId).sort();
    expect(applied('start-replica')).toEqual(applied('shutdown'));
    expect(app.busyItemIds().size).toBe(0);
  });

  it('two console processes race to claim an expired job: exactly one drives it, every fabric operation once', async () => {
    const { jobId } = await crashedJob();
    const first = open(t.dir);
    const secondApp = open(t.dir);
    first.lab.control.setSettings({ timeScale: 0 });
    const claimed = [first.jobs.resumeAll(), secondApp.jobs.resumeAll()];
    expect([first.jobs.isDriving(jobId), secondApp.jobs.isDriving(jobId)].filter(Boolean)).toHaveLength(1);
    expect(claimed.flat()).toContain(jobId);
    await Promise.all([first.jobs.settled(), secondApp.jobs.settled()]);
    expect(first.jobs.get(jobId).status).toBe('succeeded');
    const applied = first.lab.ops().filter((op) => op.outcome === 'ok');
    expect(new Set(applied.map((op) => op.key)).size).toBe(applied.length);
    expect(applied).toHaveLength(12);
  });

  it('a live owner keeps its job: another process neither resumes it nor takes it over', async () => {
    t = openTestApp({ estate: generateEstate({ machines: 10, groups: 2 }), lease: { ttlMs: 1_000, heartbeatMs: 50 } });
    t.app.lab.control.setSettings({ timeScale: 0.002 });
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-gen' } });
    await sleep(100);
    const other = open(t.dir);
    expect(other.jobs.resumeAll()).toEqual([]);
    expect(other.jobs.heldElsewhere()).toEqual([job.id]);
    expect(other.jobs.lease(job.id)).toMatchObject({ live: true, owner: expect.stringContaining(`:${process.pid}:`) });
    await t.app.jobs.settledJob(job.id);
    expect(t.app.jobs.get(job.id).status).toBe('succeeded');
  });

  it('a stale owner\'s journal write is refused (fencing): once another process has claimed the job, the old runner stops like a crash', async () => {
    t = openTestApp({ estate: generateEstate({ machines: 10, groups: 2 }), lease: { ttlMs: 60_000, heartbeatMs: 60_000 } });
    t.app.lab.control.setSettings({ timeScale: 0.003 });
    const job = await t.app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-gen' } });
    await sleep(150);
    // Another process claims it (as if this one had missed its heartbeats): a new owner and epoch.
    t.app.db.prepare("UPDATE jobs SET lease_owner = 'elsewhere:1:new', lease_epoch = lease_epoch + 1, lease_expires_at = ? WHERE id = ?").run(Date.now() + 60_000, job.id);
    const steps = () => t.app.db.prepare("SELECT id, status FROM job_steps WHERE job_id = ? ORDER BY id").all(job.id);
    const atTheft = steps();
    await t.app.jobs.settledJob(job.id);
    expect(t.app.jobs.isDriving(job.id)).toBe(false);
    expect(steps()).toEqual(atTheft); // not one transition written after the lease was taken
    expect(t.app.db.prepare('SELECT status, lease_owner FROM jobs WHERE id = ?').get(job.id)).toEqual({ status: 'running', lease_owner: 'elsewhere:1:new' });
    expect(t.app.db.prepare("SELECT count(*) AS n FROM audit_log WHERE job_id = ? AND action LIKE 'job.%' AND action <> 'job.created' AND action <> 'job.running'").get(job.id)).toEqual({ n: 0 });
  });
});
