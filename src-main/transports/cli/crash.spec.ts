// The CLI is SIGKILLed at ≥ 200 seeded random instants (CI-sized) while it runs planned, unplanned and test
// failovers and a failback of a generated estate on the separated lab (LabAdapter, its own lab.sqlite),
// with the lab's faults injected — failures, and a remote service's throttling, transient refusals and lost
// answers (to a start and to a poll); it is restarted until each job rests. Per the lab's own operation log: every machine failed over exactly once, no completed step was lost,
// no test resource is left after Complete Test; the database is intact and the audit chain whole (R5, R6, R10).
// The drills and their faults are data (DRILLS below); CRASH_KILLS scales the kill count (default 200).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../domain/estate/generate-estate.ts';
import { LAB_DATABASE_FILE_NAME } from '../../adapters/lab/lab-migrations.ts';
import { RUNNER_TUNING_ENV } from '../../application/runner-tuning.ts';
import { DATABASE_FILE_NAME } from '../../adapters/sqlite/database.ts';
import { buildCliBundle } from '../../test-support/cli-bundle.ts';

/** The CLI built into one file (test-support/cli-bundle.ts): each of the hundreds of processes starts in a third of the time. */
let CLI = '';
const TOTAL_KILLS = Number(process.env.CRASH_KILLS ?? 200);
const MACHINES = 40;
// Groups run one after the other: eight make each job last (in wall time) well beyond its share of kills.
const GROUPS = 8;
// Long enough that every job outlasts its share of kills with room to spare on a loaded machine; once the
// kills are spent the rest of the job runs at time scale 0 (its correctness is what is checked, not its pace).
const TIME_SCALE = Number(process.env.CRASH_TIME_SCALE ?? 0.05);
const ITEMS = Array.from({ length: MACHINES }, (_, index) => `vm-${String(index + 1).padStart(4, '0')}`);
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A remote service's misbehaviour, in the lab (kept in lab.sqlite, so every console process meets it): lost
 * answers to starts and to polls, throttling and transient refusals, spread over the machines.
 */
const REMOTE_FAULTS: string[][] = [
  ['lost-answer', 'vm-0002', 'shutdown'],
  ['lost-answer', 'vm-0003', 'create-replica'],
  ['lost-answer', 'vm-0004', 'start-replica', '--on', 'poll', '--once'],
  ['lost-answer', 'vm-0005', 'create-test-machine'],
  ['lost-answer', 'vm-0006', 'delete-test-machine', '--on', 'poll', '--once'],
  ['lost-answer', 'vm-0009', 'final-sync', '--on', 'poll', '--once'],
  ['throttled', 'vm-0010', '3', '--retry-after', '20'],
  ['transient', 'vm-0012', 'create-replica', '2'],
];

interface Drill {
  name: string;
  seed: number;
  /** Share of the kills. */
  share: number;
  /** Run before the drilled operation, not killed (e.g. the failover a failback returns from). */
  setup: string[][];
  start: string[];
  labFaults: string[][];
}

const DRILLS: Drill[] = [
  { name: 'planned', seed: 4242, share: 0.3, setup: [], start: ['failover', '--plan', 'plan-gen', '--type', 'planned', '--wait', '--yes'], labFaults: [] },
  {
    name: 'unplanned',
    seed: 777,
    share: 0.25,
    setup: [],
    start: ['failover', '--plan', 'plan-gen', '--type', 'unplanned', '--shutdown-and-sync', '--wait', '--yes'],
    labFaults: [['boot-failure', 'vm-0013'], ['operation-fails', 'vm-0007', 'create-replica', '--once'], ['operation-fails', 'vm-0011', 'shutdown']],
  },
  { name: 'test', seed: 99, share: 0.2, setup: [], start: ['failover', '--plan', 'plan-gen', '--type', 'test', '--network', 'none', '--wait', '--yes'], labFaults: [] },
  {
    name: 'failback',
    seed: 2024,
    share: 0.25,
    setup: [['failover', '--plan', 'plan-gen', '--type', 'planned', '--wait', '--yes'], ['commit', '--plan', 'plan-gen', '--wait', '--yes']],
    start: ['failback', '--plan', 'plan-gen', '--wait', '--yes'],
    labFaults: [],
  },
];

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
  return {
    ...process.env,
    FAILOVER_CONSOLE_DATA_DIR: dir,
    FAILOVER_CONSOLE_QUIET: '1',
    // A killed process's job lease expires after this; the next `jobs resume --wait` then takes the job over.
    FAILOVER_CONSOLE_LEASE_MS: '300',
    // Short retry and poll intervals: the drill's time goes into kills and restarts, not into backoff.
    [RUNNER_TUNING_ENV]: JSON.stringify({ retry: { initialIntervalMs: 20, maximumIntervalMs: 200 }, pollIntervalMs: 10, maxPollIntervalMs: 50 }),
  };
}

function cli(dir: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { env: env(dir), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A figure that changes whenever a console process makes progress on a job: a job, a fabric call's intent,
 * handle or outcome, a step started or finished. Fine-grained, so a kill can land soon after any of them.
 */
function progress(dir: string): number {
  return readDb(dir, (db) => {
    const row = db
      .prepare(
        `SELECT (SELECT count(*) FROM jobs)
          + (SELECT count(*) + 2 * count(handle_json) + 4 * count(*) FILTER (WHERE status NOT IN ('intent', 'started')) FROM fabric_calls)
          + (SELECT count(*) FILTER (WHERE status = 'running') + 2 * count(*) FILTER (WHERE status = 'succeeded') FROM job_steps) AS n`,
      )
      .get() as { n: number };
    return row.n;
  });
}

/**
 * Runs the CLI and, when `killWithinMs` is given, SIGKILLs it that long after it first makes progress (so every
 * kill lands while the job is being driven, not before it starts); true when it was killed.
 */
function runKilled(dir: string, args: string[], killWithinMs: number | null): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env(dir), stdio: 'ignore' });
    let killed = false;
    let exited = false;
    let timer: NodeJS.Timeout | undefined;
    const baseline = progress(dir);
    const watch = () => {
      if (exited) return;
      if (progress(dir) === baseline) {
        timer = setTimeout(watch, 10);
        return;
      }
      timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, killWithinMs!);
    };
    if (killWithinMs !== null) timer = setTimeout(watch, 10);
    child.on('exit', () => {
      exited = true;
      clearTimeout(timer);
      resolve(killed);
    });
  });
}

function readDb<T>(dir: string, read: (db: DatabaseSync) => T, file = DATABASE_FILE_NAME): T {
  const db = new DatabaseSync(join(dir, file), { timeout: 5_000 });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function completedSteps(dir: string): Set<string> {
  return readDb(dir, (db) => new Set((db.prepare("SELECT job_id || '/' || id AS id FROM job_steps WHERE status = 'succeeded'").all() as { id: string }[]).map((row) => row.id)));
}

function latestJob(dir: string): { id: string; status: string; phase: string | null } | undefined {
  return readDb(dir, (db) => db.prepare('SELECT id, status, phase FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT 1').get() as { id: string; status: string; phase: string | null } | undefined);
}

/** How long a console process takes to start here (the kills land after it, while the job runs). */
let startupMs = 0;
const suiteStarted = Date.now();
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fc-crash-'));
  dirs.push(dir);
  CLI = await buildCliBundle(dir);
  cli(dir, ['jobs', 'list']);
  const started = Date.now();
  cli(dir, ['jobs', 'list']);
  startupMs = Date.now() - started;
}, 60_000);

/** The lab's time scale, in the lab's own database (read by each console process as it starts operations). */
function setTimeScale(dir: string, scale: number): void {
  readDb(dir, (db) => db.prepare("INSERT INTO lab_settings (key, value) VALUES ('timeScale', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(scale)), LAB_DATABASE_FILE_NAME);
}

const timings: Record<string, { setupMs: number; killsMs: number; finishMs: number; runs: number }> = {};

async function crashDrill(drill: Drill, kills: number) {
  const drillStarted = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'fc-crash-'));
  dirs.push(dir);
  const estateFile = join(dir, 'estate.json');
  writeFileSync(estateFile, JSON.stringify(generateEstate({ machines: MACHINES, groups: GROUPS })));
  expect(cli(dir, ['lab', 'reset', '--estate', estateFile, '--time-scale', '0', '--seed', String(drill.seed)]).status).toBe(0);
  for (const command of drill.setup) expect(cli(dir, command).status, command.join(' ')).toBe(0);
  const before = latestJob(dir)?.id;
  // The setup ran instantly; the drilled job runs with simulated durations so the kills land inside it.
  setTimeScale(dir, TIME_SCALE);
  for (const fault of [...drill.labFaults, ...REMOTE_FAULTS]) expect(cli(dir, ['lab', 'fault', ...fault]).status, fault.join(' ')).toBe(0);

  const setupDone = Date.now();
  const random = mulberry32(drill.seed);
  let killed = 0;
  let killsDone = 0;
  let runs = 0;
  let completed = new Set<string>();
  let jobId: string | undefined;
  for (;;) {
    const job = latestJob(dir);
    jobId = job && job.id !== before ? job.id : undefined;
    const args = !jobId ? drill.start : job?.status === 'waiting-for-operator' && job.phase === 'complete-test' ? ['jobs', 'complete-test', jobId, '--verdict', 'passed', '--notes', 'checked'] : ['jobs', 'resume', '--wait'];
    const killAfter = killed < kills ? Math.round(random() * 100) : null;
    if (await runKilled(dir, args, killAfter)) killed += 1;
    if (killed === kills && killsDone === 0) {
      killsDone = Date.now();
      setTimeScale(dir, 0);
    }
    runs += 1;
    const now = completedSteps(dir);
    for (const step of completed) expect(now.has(step), `completed step ${step} was lost after a kill`).toBe(true);
    completed = now;
    const rested = latestJob(dir);
    const finished = rested && rested.id !== before && !['running', 'queued', 'waiting-for-operator'].includes(rested.status);
    if (finished) break; // a job that rested before its share of kills fails the share check below
    if (runs > kills * 3 + 40) throw new Error(`${drill.name}: the job did not finish`);
  }
  const rested = Date.now();
  timings[drill.name] = { setupMs: setupDone - drillStarted, killsMs: (killsDone || rested) - setupDone, finishMs: rested - (killsDone || rested), runs };
  const shown = cli(dir, ['jobs', 'show', jobId ?? latestJob(dir)!.id, '--json']);
  expect(shown.status, shown.stderr).toBe(0);
  const job = JSON.parse(shown.stdout) as { id: string; status: string; summary: { items: Record<string, { status: string }> } };
  const ops = (JSON.parse(cli(dir, ['lab', 'ops', '--json']).stdout) as { key: string; operation: string; itemId: string; outcome: string }[]).filter((op) => op.key.startsWith(`${job.id}/`));
  const testResources = readDb(dir, (db) => db.prepare("SELECT id FROM lab_resources WHERE kind IN ('test-machine', 'test-network')").all(), LAB_DATABASE_FILE_NAME);
  const integrity = [DATABASE_FILE_NAME, LAB_DATABASE_FILE_NAME].map((file) => readDb(dir, (db) => (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, file)).join();
  const audit = cli(dir, ['audit', 'verify']);
  const faults = readDb(dir, (db) => db.prepare('SELECT kind, spec_json, fired FROM lab_faults').all(), LAB_DATABASE_FILE_NAME) as unknown as FaultRow[];
  return { killed, runs, job, ops, testResources, integrity, audit, faults };
}

interface FaultRow {
  kind: string;
  spec_json: string;
  /** Calls the fault answered (the lab counts them). */
  fired: number;
}

/**
 * The remote-service faults that must have hit this drill: a counted one (throttled, transient) or a lost answer
 * (once or every time) whose machine — and operation, when it names one — the drill applied. Each must have
 * answered at least one call (the lab's count), or the drill proved nothing about it.
 */
function faultsThatMustHaveFired(faults: FaultRow[], ops: { operation: string; itemId: string; outcome: string }[]): { fault: string; used: boolean }[] {
  return faults.flatMap((row) => {
    const spec = JSON.parse(row.spec_json) as { kind: string; itemId?: string; operation?: string; mode?: string; calls?: number };
    const counted = spec.kind === 'throttled' || spec.kind === 'transient';
    if (!counted && spec.kind !== 'lost-answer') return [];
    const met = ops.some((op) => op.outcome === 'ok' && op.itemId === spec.itemId && (spec.operation === undefined || op.operation === spec.operation));
    if (!met) return [];
    return [{ fault: `${spec.kind} ${spec.itemId ?? ''} ${spec.operation ?? ''} ${spec.mode ?? ''}`.trim(), used: row.fired > 0 }];
  });
}

function appliedCount(ops: { operation: string; itemId: string; outcome: string }[], operation: string, itemId: string): number {
  return ops.filter((op) => op.outcome === 'ok' && op.operation === operation && op.itemId === itemId).length;
}

function commonChecks(drill: Awaited<ReturnType<typeof crashDrill>>) {
  const ok = drill.ops.filter((op) => op.outcome === 'ok');
  expect(new Set(ok.map((op) => op.key)).size).toBe(ok.length); // no key applied twice
  expect(drill.integrity).toBe('ok,ok');
  expect(drill.audit.status).toBe(0);
  const fired = faultsThatMustHaveFired(drill.faults, drill.ops);
  expect(fired.length).toBeGreaterThan(0);
  for (const { fault, used } of fired) expect(used, `the injected fault "${fault}" never fired`).toBe(true);
}

const kills: Record<string, number> = {};
const share = (name: string) => Math.ceil(TOTAL_KILLS * DRILLS.find((drill) => drill.name === name)!.share);

describe(`crash test (${TOTAL_KILLS} SIGKILLs at seeded random instants, lost answers injected)`, () => {
  it('R5: a planned failover killed again and again fails every machine over exactly once', async () => {
    const drill = await crashDrill(DRILLS[0]!, share('planned'));
    kills.planned = drill.killed;
    expect(drill.job.status).toBe('succeeded');
    for (const itemId of ITEMS) for (const operation of ['shutdown', 'final-sync', 'create-replica', 'start-replica']) expect(appliedCount(drill.ops, operation, itemId), `${operation} ${itemId}`).toBe(1);
    commonChecks(drill);
  }, 900_000);

  it('R6: an unplanned failover with faults, killed again and again, reaches every machine and fails each over at most once', async () => {
    const drill = await crashDrill(DRILLS[1]!, share('unplanned'));
    kills.unplanned = drill.killed;
    expect(drill.job.status).toBe('partially-succeeded');
    const items = drill.job.summary.items;
    expect(Object.keys(items).sort()).toEqual(ITEMS);
    const failed = ITEMS.filter((id) => items[id]?.status !== 'succeeded');
    expect(failed).toContain('vm-0013');
    expect(failed.every((id) => id === 'vm-0013' || id === 'vm-0007')).toBe(true);
    for (const itemId of ITEMS) {
      expect(drill.ops.some((op) => op.operation === 'create-replica' && op.itemId === itemId), itemId).toBe(true);
      expect(appliedCount(drill.ops, 'create-replica', itemId), itemId).toBe(failed.includes(itemId) && itemId === 'vm-0007' ? 0 : 1);
      expect(appliedCount(drill.ops, 'start-replica', itemId), itemId).toBe(failed.includes(itemId) ? 0 : 1);
    }
    expect(appliedCount(drill.ops, 'final-sync', 'vm-0011')).toBe(0); // R6: could not be shut down: latest point
    commonChecks(drill);
  }, 900_000);

  it('R10: a test failover and its Complete Test, killed again and again, create each test machine once and leave none', async () => {
    const drill = await crashDrill(DRILLS[2]!, share('test'));
    kills.test = drill.killed;
    expect(drill.job.status).toBe('succeeded');
    for (const itemId of ITEMS) expect(appliedCount(drill.ops, 'create-test-machine', itemId), itemId).toBe(1);
    expect(drill.testResources).toEqual([]);
    commonChecks(drill);
  }, 900_000);

  it('R17: a failback killed again and again brings every machine back exactly once', async () => {
    const drill = await crashDrill(DRILLS[3]!, share('failback'));
    kills.failback = drill.killed;
    expect(drill.job.status).toBe('succeeded');
    for (const itemId of ITEMS) for (const operation of ['shutdown', 'create-replica', 'start-replica']) expect(appliedCount(drill.ops, operation, itemId), `${operation} ${itemId}`).toBe(1);
    commonChecks(drill);
  }, 900_000);

  // Every kill landed inside its drill's job (the jobs outlast their shares), and together they reach TOTAL_KILLS.
  it(`the drills took all ${TOTAL_KILLS} kills, each its full share`, () => {
    process.stdout.write(`crash drills: ${JSON.stringify(kills)} in ${Math.round((Date.now() - suiteStarted) / 1000)} s, console start-up ${startupMs} ms, ${JSON.stringify(timings)}\n`);
    for (const drill of DRILLS) expect(kills[drill.name] ?? 0, drill.name).toBe(share(drill.name));
    expect(Object.values(kills).reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(TOTAL_KILLS);
  });
});
