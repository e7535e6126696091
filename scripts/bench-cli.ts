// `node scripts/bench-cli.ts` (one of `npm run bench`'s): how long the `failover-console` executable takes, as a
// whole process, beside `node -e 0` spawned in the same rounds (docs/performance.md, "CLI and web host
// start-up"). Prints figures, asserts nothing. Knobs: BENCH_CLI_RUNS (default 20), BENCH_CLI_JOBS (10,000).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createAppContext } from '../src-main/composition/app-context.ts';
import { ensureBuilt } from '../src-main/application/build.ts';
import { PROJECT_ROOT } from '../src-main/application/paths.ts';
import { DATABASE_FILE_NAME } from '../src-main/adapters/sqlite/database.ts';
import { writeFinishedJobCopies } from './job-copies.ts';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 20);
const FINISHED_JOBS = Number(process.env.BENCH_CLI_JOBS ?? 10_000);
const LAUNCHER = join(PROJECT_ROOT, 'bin', 'failover-console');
process.env.FAILOVER_CONSOLE_QUIET = '1';

function bundleIsCurrent(): boolean {
  return spawnSync('sh', ['-c', '. scripts/cli-bundle.sh && ! cli_bundle_stale "$PWD"'], { cwd: PROJECT_ROOT }).status === 0;
}

/** Wall milliseconds of one whole process, from spawn to exit. */
function timeProcess(command: string, args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 3) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  return ms;
}

/** Spawns the web host and resolves with the milliseconds until `ready(url)` resolves; stops the host after. */
async function timeWebHost(dataDir: string, ready: (url: string) => Promise<void>): Promise<number> {
  const started = performance.now();
  const host = spawn(LAUNCHER, ['serve', '--port', '0', '--no-build', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  host.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => host.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      host.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /serving on (\S+)/.exec(out);
        if (found) resolve(found[1]!);
      });
      host.once('exit', (code) => reject(new Error(`web host exited ${code}: ${stderr}`)));
    });
    await ready(url);
    return performance.now() - started;
  } finally {
    host.kill('SIGTERM');
    await exited;
  }
}

async function firstPage(url: string): Promise<void> {
  // The operator's first request: the token URL, traded for a cookie (303), then the page itself.
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`first page answered ${response.status}`);
  await response.text();
}

/** Resolves when every job in `jobIds` has been claimed (its lease epoch moved past `epochs`): resumed. */
function resumed(file: string, epochs: ReadonlyMap<string, number>): Promise<void> {
  const watcher = new DatabaseSync(file, { readOnly: true });
  const epochOf = watcher.prepare('SELECT lease_epoch AS epoch FROM jobs WHERE id = ?');
  return new Promise((resolve) => {
    const poll = (): void => {
      const all = [...epochs].every(([id, before]) => (epochOf.get(id) as { epoch: number }).epoch > before);
      if (all) {
        watcher.close();
        resolve();
      } else setTimeout(poll, 2);
    };
    poll();
  });
}

/**
 * A data directory with FINISHED_JOBS finished test failovers (copies of one real job, written through the
 * engine's own JobStore) and a few jobs in flight, left as a closed host leaves them.
 */
async function seedJobs(dir: string): Promise<Map<string, number>> {
  const app = createAppContext({ dataDir: dir, stepTimeoutMs: 5_000 });
  await writeFinishedJobCopies(app, FINISHED_JOBS);
  // Slow simulated fabric: the in-flight jobs are still running when this process closes and releases them.
  app.lab.control.setSettings({ timeScale: 1 });
  // One job in flight per lab plan whose test failover pre-flight allows (the others need a direction or a network).
  const inFlight = [];
  for (const plan of app.estate().plans) {
    inFlight.push(await app.jobs.start({ operation: 'test-failover', scope: { planId: plan.id } }).catch(() => undefined));
  }
  app.close();
  const db = new DatabaseSync(join(dir, DATABASE_FILE_NAME), { readOnly: true });
  const rows = db.prepare("SELECT id, status, lease_epoch AS epoch FROM jobs WHERE status IN ('queued', 'running')").all() as { id: string; status: string; epoch: number }[];
  const total = (db.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }).n;
  db.close();
  if (rows.length !== inFlight.filter(Boolean).length) throw new Error(`expected ${inFlight.length} jobs in flight, found ${rows.length}`);
  console.log(`seeded ${total} jobs (${total - rows.length} finished, ${rows.length} in flight) in ${dir}`);
  return new Map(rows.map((row) => [row.id, row.epoch]));
}

function stats(samples: readonly number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

async function main(): Promise<void> {
  if (!bundleIsCurrent()) {
    console.log('building out/cli (npm run build:cli)…');
    const built = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'vite.cli.config.ts'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('vite build failed');
  }
  ensureBuilt(); // the renderer, for the web host's first page
  const root = mkdtempSync(join(tmpdir(), 'fc-bench-cli-'));
  try {
    const labDir = join(root, 'lab');
    timeProcess(LAUNCHER, ['sites', 'list', '--data-dir', labDir]); // creates the data directory: not measured
    const jobsSeed = join(root, 'jobs-seed');
    const epochs = await seedJobs(jobsSeed);

    const samples: Record<string, number[]> = { floor: [], help: [], sites: [], preflight: [], web: [], resume: [] };
    const floors: Record<string, number[]> = { cli: [], web: [], resume: [] };
    // Interleaved rounds, each with its own `node -e 0`, so that load drifting during the run shifts both.
    for (let round = 0; round < RUNS; round += 1) {
      const floor = timeProcess(process.execPath, ['-e', '0']);
      floors.cli!.push(floor);
      samples.help!.push(timeProcess(LAUNCHER, ['--help']));
      samples.sites!.push(timeProcess(LAUNCHER, ['sites', 'list', '--data-dir', labDir]));
      samples.preflight!.push(timeProcess(LAUNCHER, ['preflight', '--plan', 'plan-apps', '--operation', 'test-failover', '--data-dir', labDir]));
      floors.web!.push(timeProcess(process.execPath, ['-e', '0']));
      samples.web!.push(await timeWebHost(labDir, firstPage));
      const copy = join(root, `jobs-${round}`);
      cpSync(jobsSeed, copy, { recursive: true });
      floors.resume!.push(timeProcess(process.execPath, ['-e', '0']));
      samples.resume!.push(await timeWebHost(copy, () => resumed(join(copy, DATABASE_FILE_NAME), epochs)));
      rmSync(copy, { recursive: true, force: true });
    }

    const rows: [string, number[], number[], number][] = [
      ['failover-console --help', samples.help!, floors.cli!, 150],
      ['failover-console sites list', samples.sites!, floors.cli!, 150],
      ['failover-console preflight --plan plan-apps --operation test-failover', samples.preflight!, floors.cli!, 150],
      ['failover-console serve: spawn → first page HTTP 200', samples.web!, floors.web!, 300],
      [`failover-console serve: spawn → ${epochs.size} jobs resumed, ${FINISHED_JOBS.toLocaleString('en')} finished in the database`, samples.resume!, floors.resume!, 300],
    ];
    console.log(`\n${RUNS} runs each, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
    console.log('| command | median | p95 | node -e 0 (median) | ratio | target |');
    console.log('|---|---|---|---|---|---|');
    for (const [label, values, floor, target] of rows) {
      const { median, p95 } = stats(values);
      const base = stats(floor).median;
      console.log(`| ${label} | ${median.toFixed(0)} ms | ${p95.toFixed(0)} ms | ${base.toFixed(0)} ms | ${(median / base).toFixed(1)}× | ≤ ${target} ms ${median <= target ? '✔' : '✘'} |`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
