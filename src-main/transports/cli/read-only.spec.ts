// Read-only commands never write to the database (docs/decisions.md, "Read-only commands"): run as child
// processes on a data directory in use — jobs, audit entries, timers, a lab provider certificate — they leave
// its bytes, its WAL and its commit counter as they were, and still answer when its files are read-only. They run
// through bin/failover-console and its bundle, as an operator runs them.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../composition/app-context.ts';
import { ensureCliBundle, LAUNCHER } from '../../test-support/cli-executable.ts';
import { LAB_PROVIDER_CERTIFICATES_FILE } from '../../adapters/certificates/lab-provider-certificates.ts';
import { runToRest } from '../../orchestration/testing.ts';
import { DATABASE_FILE_NAME } from '../../adapters/sqlite/database.ts';

const run = promisify(execFile);

/** Every read-only command, on the job the set-up left waiting. */
const readOnlyCommands = (jobId: string): string[][] => [
  ['--help'],
  ['sites', 'list'],
  ['plans', 'list'],
  ['items', 'list'],
  ['jobs', 'list'],
  ['jobs', 'show', jobId],
  ['audit', 'verify'],
  ['preflight', '--plan', 'plan-apps', '--operation', 'test-failover'],
  ['matrix'],
  ['lab', 'ops'],
  ['certificates', 'list'],
];

let dir: string;
let file: string;
let jobId: string;
let READ_ONLY_COMMANDS: string[][];
beforeAll(async () => {
  await ensureCliBundle();
  dir = mkdtempSync(join(tmpdir(), 'fc-read-only-'));
  file = join(dir, DATABASE_FILE_NAME);
  // A data directory in use: a provider certificate installed, a test failover waiting (a job, its steps, its
  // timer and audit entries).
  writeFileSync(join(dir, LAB_PROVIDER_CERTIFICATES_FILE), JSON.stringify({ 'vault-weu-encrypted': 'A'.repeat(40) }));
  const app = createAppContext({ dataDir: dir, stepTimeoutMs: 2_000 });
  app.lab.control.setSettings({ timeScale: 0 });
  jobId = (await runToRest(app, { operation: 'test-failover', scope: { planId: 'plan-apps' } })).id;
  READ_ONLY_COMMANDS = readOnlyCommands(jobId);
  app.close();
}, 120_000);
afterAll(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(LAUNCHER, [...args, '--data-dir', dir], { env: { ...process.env, FAILOVER_CONSOLE_QUIET: '1' } });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: `${failed.stdout}${failed.stderr}` };
  }
}

/** Every file of the data directory but SQLite's shared-memory index and empty WALs, which readers use to coordinate. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('-shm')) continue;
    const bytes = readFileSync(join(dir, name));
    // An empty WAL holds no data: a reader of a WAL database whose last writer removed it opens a new, empty one.
    if (name.endsWith('-wal') && bytes.length === 0) continue;
    files[name] = bytes.toString('base64');
  }
  return files;
}

describe('read-only commands do not write to the database', () => {
  it('leave the database and WAL bytes, the commit counter seen by another connection and the audit trail unchanged', async () => {
    const watcher = new DatabaseSync(file, { readOnly: true });
    const dataVersion = () => (watcher.prepare('PRAGMA data_version').get() as { data_version: number }).data_version;
    const auditCount = () => (watcher.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const [version, entries] = [dataVersion(), auditCount()];
    expect(entries).toBeGreaterThan(0);
    // Side by side, as several terminals would run them.
    const results = await Promise.all(READ_ONLY_COMMANDS.map((command) => cli(command)));
    for (const [index, result] of results.entries()) {
      // Pre-flight answers 3 here (LOCK: the test failover holds plan-apps): an answer, not a failure.
      expect([0, 3], `${READ_ONLY_COMMANDS[index]!.join(' ')}: ${result.stdout}`).toContain(result.code);
    }
    expect(dataVersion()).toBe(version);
    expect(auditCount()).toBe(entries);
    watcher.close();
    // Without another connection open, each command's close is the last one: nothing may be checkpointed either.
    const before = snapshot();
    for (const result of await Promise.all(READ_ONLY_COMMANDS.map((command) => cli(command)))) expect([0, 3]).toContain(result.code);
    expect(snapshot()).toEqual(before);
  }, 120_000);

  it('the web host and desktop start-up (background timers and resume) on an idle data directory write nothing', async () => {
    const watcher = new DatabaseSync(file, { readOnly: true });
    const dataVersion = () => (watcher.prepare('PRAGMA data_version').get() as { data_version: number }).data_version;
    const version = dataVersion();
    const host = createAppContext({ dataDir: dir, background: true });
    await host.jobs.maintain();
    await host.jobs.settled();
    host.close();
    expect(dataVersion()).toBe(version);
    watcher.close();
  });

  it('still answer on a data directory whose files are read-only (chmod 0400)', async () => {
    for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o400);
    try {
      const before = snapshot();
      const listed = await cli(['jobs', 'list', '--json']);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: jobId, status: 'waiting-for-operator' })]);
      expect(await cli(['audit', 'verify'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/intact/) as unknown });
      expect(snapshot()).toEqual(before);
      expect(existsSync(file)).toBe(true);
    } finally {
      for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o600);
    }
  }, 60_000);
});
