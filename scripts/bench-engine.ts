// `node scripts/bench-engine.ts` (one of `npm run bench`'s): figures for docs/performance.md "Orchestration engine", printed, never asserted.
// A generated estate of 2,000 machines in 20 groups; a planned failover at time scale 0 (engine cost) and with
// simulated durations (how close the achieved plan duration comes to its critical path). Record the output in
// docs/performance.md.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createAppContext } from '../src-main/composition/app-context.ts';
import { parseEstate, resolveLabTimes } from '../src-main/domain/estate/load-estate.ts';
import { generateEstate } from '../src-main/domain/estate/generate-estate.ts';
import { simulatedSeconds } from '../src-main/adapters/lab/lab-timing.ts';
import type { LabOperation } from '../src-main/adapters/lab/lab-faults.ts';
import { DATABASE_FILE_NAME, openDatabase } from '../src-main/adapters/sqlite/database.ts';
import { dispatch } from '../src-main/transports/api/dispatch.ts';

const MACHINES = Number(process.env.BENCH_MACHINES ?? 2_000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 20);
const SIM_TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 0.01);
const SEED = 42;
process.env.FAILOVER_CONSOLE_QUIET = '1';

function rawCommitsPerSecond(dir: string): number {
  const db = openDatabase(join(dir, 'raw.sqlite'), { migrations: [] });
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const started = performance.now();
  let commits = 0;
  while (performance.now() - started < 1_500) {
    db.exec('BEGIN IMMEDIATE');
    insert.run('x'.repeat(64));
    db.exec('COMMIT');
    commits += 1;
  }
  const rate = commits / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** A live job view's poll, as the renderer makes it every 300 ms: its cost per call while the job runs. */
interface Watch {
  calls: number[];
  steps: number;
}

async function plannedRun(timeScale: number, machines = MACHINES, watch?: Watch) {
  const dir = mkdtempSync(join(tmpdir(), 'fc-bench-'));
  // The product's own configuration: concurrency by the one rule (domain/fabric/concurrency.ts), no override.
  const app = createAppContext({ dataDir: dir, stepTimeoutMs: 3_600_000 });
  try {
    const estate = parseEstate(resolveLabTimes(generateEstate({ machines, groups: GROUPS }), app.clock.now()), 'generated estate');
    app.lab.control.reset(estate, { timeScale, seed: SEED });
    const started = performance.now();
    const job = await app.jobs.start({ operation: 'planned-failover', scope: { planId: 'plan-gen' } });
    let since = app.clock.now().toISOString();
    const poller = watch
      ? setInterval(() => {
          const asked = performance.now();
          void dispatch(app, 'jobs:changes', { jobId: job.id, since }).then((reply) => {
            watch.calls.push(performance.now() - asked);
            if (reply.ok) {
              const changes = reply.result as { at: string; steps: unknown[] };
              since = changes.at;
              watch.steps += changes.steps.length;
            }
          });
        }, 300)
      : undefined;
    await app.jobs.settledJob(job.id);
    clearInterval(poller);
    const wallMs = performance.now() - started;
    const done = app.jobs.get(job.id);
    const itemSteps = done.steps.filter((node) => node.kind === 'step').length;
    const commits = app.jobs.writeStats();
    const ops = app.lab.ops();
    // Critical path of a planned failover of a plan (R5, as Site Recovery's recovery plans run it): three
    // phases one after another — shut every machine down, synchronise and create the replicas, start the
    // groups — each walking the groups in order with every item of a group in parallel (planned-failover.ts).
    const disk = new Map(estate.items.map((item) => [item.id, item.diskGb]));
    const groupOf = new Map(estate.plans[0]!.groups.flatMap((group, index) => group.members.map((member) => [member, index] as const)));
    const phaseOf = (key: string) => (key.includes('/shutdown/') ? 'shutdown' : key.includes('/failover/') ? 'failover' : 'start');
    const chains = new Map<string, number>(); // phase/group/item → ms
    for (const op of ops.filter((candidate) => candidate.outcome === 'ok')) {
      const ms = simulatedSeconds(SEED, op.key, op.operation as LabOperation, disk.get(op.itemId ?? '') ?? 64) * 1000 * timeScale;
      const chain = `${phaseOf(op.key)}/${groupOf.get(op.itemId ?? '') ?? -1}/${op.itemId ?? ''}`;
      chains.set(chain, (chains.get(chain) ?? 0) + ms);
    }
    const stageMax = new Map<string, number>(); // phase/group → its longest item chain
    for (const [chain, ms] of chains) {
      const stage = chain.slice(0, chain.lastIndexOf('/'));
      stageMax.set(stage, Math.max(stageMax.get(stage) ?? 0, ms));
    }
    const criticalPathMs = [...stageMax.values()].reduce((sum, ms) => sum + ms, 0);
    const dbFile = join(dir, DATABASE_FILE_NAME);
    return {
      status: done.status,
      wallMs,
      itemSteps,
      commits,
      criticalPathMs,
      dbBytes: fileSize(dbFile) + fileSize(`${dbFile}-wal`),
      auditEntries: (app.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n,
      stepRows: (app.db.prepare('SELECT count(*) AS n FROM job_steps').get() as { n: number }).n,
    };
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'fc-bench-raw-'));
const raw = rawCommitsPerSecond(dir);
rmSync(dir, { recursive: true, force: true });

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.versions.node}, SQLite ${process.versions.sqlite}`);
console.log(`raw durable commits (WAL, synchronous=FULL, 1 row each): ${raw.toFixed(0)} /s`);

const fast = await plannedRun(0);
console.log(`\nplanned failover, ${MACHINES} machines in ${GROUPS} groups, time scale 0: ${fast.status}`);
console.log(`  total wall time                 ${(fast.wallMs / 1000).toFixed(2)} s (target ≤ 2 s)`);
console.log(`  item-steps                      ${fast.itemSteps}`);
console.log(`  engine overhead per item-step   ${((fast.wallMs * 1000) / fast.itemSteps).toFixed(0)} µs`);
console.log(`  durable commits                 ${fast.commits.commits} (${(fast.commits.commits / (fast.wallMs / 1000)).toFixed(0)} /s vs raw ${raw.toFixed(0)} /s), ${fast.commits.writes} grouped writes (${(fast.commits.writes / fast.commits.commits).toFixed(1)} per commit)`);
console.log(`  transitions made durable        ${(fast.commits.writes / (fast.wallMs / 1000)).toFixed(0)} /s`);
console.log(`  database size                   ${(fast.dbBytes / 2 ** 20).toFixed(1)} MiB (${fast.stepRows} step rows, ${fast.auditEntries} audit entries)`);
console.log(`  peak RSS                        ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

if (process.env.BENCH_SKIP_SIMULATED !== '1') {
  const slow = await plannedRun(SIM_TIME_SCALE);
  console.log(`\nplanned failover with simulated durations (time scale ${SIM_TIME_SCALE}): ${slow.status}`);
  console.log(`  achieved plan duration          ${(slow.wallMs / 1000).toFixed(2)} s`);
  console.log(`  critical-path lower bound       ${(slow.criticalPathMs / 1000).toFixed(2)} s`);
  console.log(`  ratio                           ${(slow.wallMs / slow.criticalPathMs).toFixed(4)} (target ≤ 1.02)`);
  console.log(`  peak RSS                        ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

// Linear at scale: the engine's cost per item-step at 1,000, 2,000 and 10,000 machines (20 groups), each
// beside the 1,000-machine figure (target: 10,000 within 1.2× of 1,000).
if (process.env.BENCH_SKIP_SCALES !== '1') {
  const scales = (process.env.BENCH_SCALES ?? '1000,2000,10000').split(',').map(Number);
  console.log(`\nper item-step cost by size (planned failover, ${GROUPS} groups, time scale 0)`);
  let base: number | undefined;
  for (const machines of scales) {
    const watch: Watch = { calls: [], steps: 0 };
    const run = await plannedRun(0, machines, watch);
    const perStep = (run.wallMs * 1000) / run.itemSteps;
    base ??= perStep;
    const calls = [...watch.calls].sort((a, b) => a - b);
    const median = calls.length === 0 ? 0 : calls[Math.floor(calls.length / 2)]!;
    console.log(
      `  ${String(machines).padStart(6)} machines: ${(run.wallMs / 1000).toFixed(2)} s, ${run.itemSteps} item-steps, ${perStep.toFixed(0)} µs each (${(perStep / base).toFixed(2)}× the first), ${run.status}; ` +
        `jobs:changes every 300 ms: ${calls.length} polls, median ${median.toFixed(2)} ms, max ${(calls.at(-1) ?? 0).toFixed(2)} ms, ${watch.steps} step rows sent`,
    );
  }
  console.log(`  peak RSS                        ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}
