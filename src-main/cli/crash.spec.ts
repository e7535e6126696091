// Issue 4 §8: the CLI is SIGKILLed at ≥ 25 seeded random instants while it runs a 50-machine, 5-group plan
// on the lab fabric, and restarted until the job finishes. Nothing completed may be lost, no fabric
// operation may be repeated, the database must be intact and the audit chain whole.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../app/paths.ts';
import { generateEstate } from '../engine/estate/generate-estate.ts';
import { DATABASE_FILE_NAME } from '../store/database.ts';

const CLI = join(PROJECT_ROOT, 'src-main', 'cli', 'main.ts');
const KILLS = 25;
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function env(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, FAILOVER_CONSOLE_DATA_DIR: dir, FAILOVER_CONSOLE_QUIET: '1' };
}

function cli(dir: string, args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { env: env(dir), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

/** Runs the CLI and SIGKILLs it after `killAfterMs` unless it exits first; true when it was killed. */
function runKilled(dir: string, args: string[], killAfterMs: number | null): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env(dir), stdio: 'ignore' });
    let killed = false;
    const timer = killAfterMs === null ? undefined : setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(killed);
    });
  });
}

function readDb<T>(dir: string, read: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(dir, DATABASE_FILE_NAME), { timeout: 5_000 });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function completedSteps(dir: string): Set<string> {
  return readDb(dir, (db) => {
    const hasJobs = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'job_steps'").get() as { n: number };
    if (hasJobs.n === 0) return new Set<string>();
    return new Set((db.prepare("SELECT job_id || '/' || id AS id FROM job_steps WHERE status = 'succeeded'").all() as { id: string }[]).map((row) => row.id));
  });
}

async function crashDrill(seed: number, start: string[], faults: string[][]) {
  const dir = mkdtempSync(join(tmpdir(), 'fc-crash-'));
  dirs.push(dir);
  const estateFile = join(dir, 'estate.json');
  writeFileSync(estateFile, JSON.stringify(generateEstate({ machines: 50, groups: 5 })));
  expect(cli(dir, ['lab', 'reset', '--estate', estateFile, '--time-scale', '0.006', '--seed', String(seed)]).status).toBe(0);
  for (const fault of faults) expect(cli(dir, ['lab', 'fault', ...fault]).status).toBe(0);

  const random = mulberry32(seed);
  let kills = 0;
  let runs = 0;
  let completed = new Set<string>();
  for (;;) {
    const jobExists = readDb(dir, (db) => (db.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }).n > 0);
    const args = jobExists ? ['jobs', 'resume', '--wait'] : start;
    const killAfter = kills < KILLS ? 150 + Math.floor(random() * 750) : null;
    const killed = await runKilled(dir, args, killAfter);
    runs += 1;
    if (killed) kills += 1;
    const now = completedSteps(dir);
    for (const step of completed) expect(now.has(step), `completed step ${step} was lost after a kill`).toBe(true);
    completed = now;
    const status = readDb(dir, (db) => (db.prepare("SELECT status FROM jobs WHERE id = 'job-0001'").get() as { status: string } | undefined)?.status);
    if (!killed && status && status !== 'running' && status !== 'queued') break;
    if (runs > 200) throw new Error('the job did not finish');
  }
  const job = JSON.parse(cli(dir, ['jobs', 'show', 'job-0001', '--json']).stdout) as { status: string; summary: { items: Record<string, { status: string }> } };
  const ops = JSON.parse(cli(dir, ['lab', 'ops', '--json']).stdout) as { key: string; operation: string; itemId: string; outcome: string }[];
  const integrity = readDb(dir, (db) => (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check);
  const audit = cli(dir, ['audit', 'verify']);
  return { kills, runs, job, ops, integrity, audit };
}

function appliedCount(ops: { operation: string; itemId: string; outcome: string }[], operation: string, itemId: string): number {
  return ops.filter((op) => op.outcome === 'ok' && op.operation === operation && op.itemId === itemId).length;
}

const ITEMS = Array.from({ length: 50 }, (_, index) => `vm-${String(index + 1).padStart(4, '0')}`);

describe('crash test (SIGKILL at random instants)', () => {
  it('R5: a planned failover of 50 machines killed ≥ 25 times finishes with every machine failed over exactly once', async () => {
    const drill = await crashDrill(4242, ['failover', '--plan', 'plan-gen', '--type', 'planned', '--wait'], []);
    expect(drill.kills).toBeGreaterThanOrEqual(KILLS);
    expect(drill.job.status).toBe('succeeded');
    for (const itemId of ITEMS) {
      for (const operation of ['shutdown', 'final-sync', 'create-replica', 'start-replica']) expect(appliedCount(drill.ops, operation, itemId), `${operation} ${itemId}`).toBe(1);
    }
    expect(new Set(drill.ops.filter((op) => op.outcome === 'ok').map((op) => op.key)).size).toBe(drill.ops.filter((op) => op.outcome === 'ok').length);
    expect(drill.integrity).toBe('ok');
    expect(drill.audit.status).toBe(0);
  }, 120_000);

  it('R5: a planned failover against the separated lab with lost answers, throttling and transient errors, killed ≥ 25 times, applies every operation exactly once', async () => {
    const drill = await crashDrill(9001, ['failover', '--plan', 'plan-gen', '--type', 'planned', '--wait'], [
      ['lost-answer', 'vm-0003', 'create-replica'],
      ['lost-answer', 'vm-0011', 'start-replica', '--on', 'poll', '--once'],
      ['lost-answer', 'vm-0019', 'shutdown', '--once'],
      ['throttled', 'vm-0025', '3', '--retry-after', '20'],
      ['transient', 'vm-0031', 'final-sync', '2'],
    ]);
    expect(drill.kills).toBeGreaterThanOrEqual(KILLS);
    expect(drill.job.status).toBe('succeeded');
    for (const itemId of ITEMS) {
      for (const operation of ['shutdown', 'final-sync', 'create-replica', 'start-replica']) expect(appliedCount(drill.ops, operation, itemId), `${operation} ${itemId}`).toBe(1);
    }
    expect(drill.integrity).toBe('ok');
    expect(drill.audit.status).toBe(0);
  }, 120_000);

  it('R6: an unplanned failover with injected faults killed ≥ 25 times reaches every machine, each failed over at most once', async () => {
    const drill = await crashDrill(777, ['failover', '--plan', 'plan-gen', '--type', 'unplanned', '--shutdown-and-sync', '--wait'], [
      ['boot-failure', 'vm-0013'],
      ['operation-fails', 'vm-0007', 'create-replica', '--once'],
      ['operation-fails', 'vm-0021', 'shutdown'],
    ]);
    expect(drill.kills).toBeGreaterThanOrEqual(KILLS);
    expect(drill.job.status).toBe('partially-succeeded');
    const items = drill.job.summary.items;
    expect(Object.keys(items).sort()).toEqual(ITEMS);
    const failed = ITEMS.filter((id) => items[id]?.status !== 'succeeded');
    expect(failed).toContain('vm-0013');
    expect(failed.every((id) => id === 'vm-0013' || id === 'vm-0007')).toBe(true);
    for (const itemId of ITEMS) {
      // Reached: every item's replica creation was attempted; applied once unless its fault fired.
      expect(drill.ops.some((op) => op.operation === 'create-replica' && op.itemId === itemId), itemId).toBe(true);
      expect(appliedCount(drill.ops, 'create-replica', itemId), itemId).toBe(failed.includes(itemId) && itemId === 'vm-0007' ? 0 : 1);
      expect(appliedCount(drill.ops, 'start-replica', itemId), itemId).toBe(failed.includes(itemId) ? 0 : 1);
    }
    // R6: vm-0021 could not be shut down, so it failed over from its latest recovery point.
    expect(appliedCount(drill.ops, 'final-sync', 'vm-0021')).toBe(0);
    expect(drill.integrity).toBe('ok');
    expect(drill.audit.status).toBe(0);
  }, 120_000);
});
