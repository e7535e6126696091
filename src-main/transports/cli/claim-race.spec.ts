// Leases across processes: after a console is SIGKILLed mid-job, two `jobs resume --wait` processes started at
// the same moment race for its expired lease. Exactly one claims it (the epoch moves by one) and drives it; the
// other watches it to the end. Every fabric operation is applied once.
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
  return { ...process.env, FAILOVER_CONSOLE_DATA_DIR: dir, FAILOVER_CONSOLE_QUIET: '1', FAILOVER_CONSOLE_LEASE_MS: '1500' };
}

/** Runs the CLI; `killWhen` looks at the lab's own database (its operation log) every 20 ms. */
function run(dir: string, args: string[], killWhen?: (labDb: DatabaseSync) => boolean): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env(dir), stdio: 'ignore' });
    let watcher: NodeJS.Timeout | undefined;
    if (killWhen) {
      const db = new DatabaseSync(join(dir, LAB_DATABASE_FILE_NAME), { timeout: 5_000 });
      watcher = setInterval(() => {
        if (killWhen(db)) child.kill('SIGKILL');
      }, 20);
      child.on('exit', () => db.close());
    }
    child.on('exit', (code) => {
      clearInterval(watcher);
      resolve(code);
    });
  });
}

describe('claiming a crashed job from two processes', () => {
  it('two `jobs resume --wait` race for the expired lease of a SIGKILLed console: one drives the job, every operation applied once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-claim-'));
    dirs.push(dir);
    expect(spawnSync(process.execPath, [CLI, 'lab', 'reset', '--time-scale', '0.01'], { env: env(dir), encoding: 'utf8' }).status).toBe(0);
    // Killed once the first machine's replica exists: the job is running, its lease left behind.
    await run(dir, ['failover', '--plan', 'plan-apps', '--type', 'planned', '--yes', '--wait'], (db) => {
      const row = db.prepare("SELECT count(*) AS n FROM lab_operations WHERE operation = 'create-replica' AND applied = 1").get() as { n: number };
      return row.n > 0;
    });
    const before = spawnSync(process.execPath, [CLI, 'jobs', 'list', '--json'], { env: env(dir), encoding: 'utf8' });
    const [job] = JSON.parse(before.stdout) as { id: string; status: string }[];
    expect(job!.status).toBe('running');
    const db = new DatabaseSync(join(dir, DATABASE_FILE_NAME), { timeout: 5_000 });
    try {
      const epoch = (db.prepare('SELECT lease_epoch AS epoch FROM jobs WHERE id = ?').get(job!.id) as { epoch: number }).epoch;
      const codes = await Promise.all([run(dir, ['jobs', 'resume', '--wait']), run(dir, ['jobs', 'resume', '--wait'])]);
      expect(codes).toEqual([0, 0]);
      const after = db.prepare('SELECT status, lease_epoch AS epoch, lease_owner AS owner FROM jobs WHERE id = ?').get(job!.id) as { status: string; epoch: number; owner: string | null };
      expect(after).toEqual({ status: 'succeeded', epoch: epoch + 1, owner: null });
      // The lab's own operation log, in its own database: what the fabric applied, whatever the engine thinks.
      const lab = new DatabaseSync(join(dir, LAB_DATABASE_FILE_NAME), { readOnly: true });
      const applied = lab.prepare("SELECT key, operation, item_id FROM lab_operations WHERE applied = 1").all() as { key: string; operation: string; item_id: string }[];
      lab.close();
      expect(new Set(applied.map((op) => `${op.item_id}/${op.operation}`)).size).toBe(applied.length);
      expect(applied).toHaveLength(12);
    } finally {
      db.close();
    }
  }, 60_000);
});
