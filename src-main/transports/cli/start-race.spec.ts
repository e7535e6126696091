// LOCK across processes: one operation at a time per machine holds when several CLI processes start the same
// operation at once, even while another connection holds the database's write lock (the starts queue up and
// are then committed one after another): the machine-lock row is taken in the job's own transaction.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../application/paths.ts';
import { LAB_DATABASE_FILE_NAME } from '../../adapters/lab/lab-migrations.ts';
import { DATABASE_FILE_NAME } from '../../adapters/sqlite/database.ts';

const CLI = join(PROJECT_ROOT, 'src-main', 'composition', 'cli-main.ts');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function env(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, FAILOVER_CONSOLE_DATA_DIR: dir, FAILOVER_CONSOLE_QUIET: '1' };
}

function run(dir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env(dir) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('starting one operation from several processes at once', () => {
  it('LOCK: six CLI processes start the same unplanned failover of one machine while the write lock is held: one job, the replica created and started once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-race-'));
    dirs.push(dir);
    expect(spawnSync(process.execPath, [CLI, 'lab', 'reset', '--time-scale', '0'], { env: env(dir), encoding: 'utf8' }).status).toBe(0);
    const holder = new DatabaseSync(join(dir, DATABASE_FILE_NAME), { timeout: 5_000 });
    holder.exec('BEGIN IMMEDIATE');
    const runs = Array.from({ length: 6 }, () => run(dir, ['failover', '--item', 'app02', '--type', 'unplanned', '--yes', '--wait']));
    // Hold the write lock until every process has started and run its pre-flight (all see a machine that is free
    // and replicating), well inside their 5 s busy timeout; then they commit one after another.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    holder.exec('COMMIT');
    const results = await Promise.all(runs);
    const jobs = holder.prepare("SELECT id, seq, status FROM jobs WHERE operation = 'unplanned-failover' ORDER BY seq").all() as { id: string; seq: number; status: string }[];
    const failedSteps = holder.prepare("SELECT job_id, id, error FROM job_steps WHERE status = 'failed'").all();
    holder.close();
    // The lab's own operation log, in its own database: what the fabric applied.
    const lab = new DatabaseSync(join(dir, LAB_DATABASE_FILE_NAME), { readOnly: true });
    const ops = lab.prepare("SELECT key, operation FROM lab_operations WHERE item_id = 'app02' AND applied = 1").all() as { key: string; operation: string }[];
    lab.close();
    const diagnosis = JSON.stringify({ jobs, failedSteps, ops, results: results.map((r) => [r.code, r.stderr.slice(0, 300)]) });
    // LOCK: the failover is applied once, by one job. A job that failed without applying anything released the
    // machine (a heavily loaded machine can fail one on a busy database); a start after it may then find the
    // machine free and run it — one more job, never a second failover.
    expect(ops.filter((op) => op.operation === 'create-replica'), diagnosis).toHaveLength(1);
    expect(ops.filter((op) => op.operation === 'start-replica'), diagnosis).toHaveLength(1);
    const winners = jobs.filter((job) => job.status === 'succeeded');
    expect(winners, diagnosis).toHaveLength(1);
    for (const other of jobs.filter((job) => job.status !== 'succeeded')) {
      // It came first and failed: a job started while another held the machine would be a LOCK violation.
      expect(other.seq, diagnosis).toBeLessThan(winners[0]!.seq);
      expect(other.status, diagnosis).toBe('failed');
      expect(ops.filter((op) => op.key.startsWith(`${other.id}/`)), diagnosis).toEqual([]);
    }
    expect(results.filter((result) => result.code === 0), diagnosis).toHaveLength(1);
    // The others are refused: CONFLICT when they queued behind the winner, or pre-flight when they only looked after
    // the winner had committed (the machine is then busy, or already failed over) — or their job failed as above.
    const refusedCount = results.filter((result) => /^error \[(CONFLICT|PREFLIGHT_FAILED)\]: /.test(result.stderr)).length;
    expect(refusedCount, diagnosis).toBe(results.length - jobs.length);
    for (const result of results) expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
