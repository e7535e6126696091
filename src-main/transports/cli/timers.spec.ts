// R10's forced completion across real console processes: two `jobs maintain` started at the same moment on
// one data directory fire the stale test's timer once (docs/decisions.md, "Durable timers").
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../composition/app-context.ts';
import { PROJECT_ROOT } from '../../application/paths.ts';
import { runToRest } from '../../orchestration/testing.ts';
import { fixedClock } from '../../domain/time/clock.ts';

const CLI = join(PROJECT_ROOT, 'src-main', 'composition', 'cli-main.ts');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'fc-timers-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function maintain(): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, 'jobs', 'maintain', '--data-dir', dir], { env: { ...process.env, FAILOVER_CONSOLE_QUIET: '1' } });
  return stdout;
}

describe('jobs maintain', () => {
  it('R10: two processes started together complete a test failover open for 15 days by force once, and clean it up', async () => {
    // The test failover was started 15 days ago (by the clock of the process that started it).
    const app = createAppContext({ dataDir: dir, clock: fixedClock(new Date(Date.now() - 15 * 86_400_000)), stepTimeoutMs: 2_000 });
    app.lab.control.setSettings({ timeScale: 0 });
    const job = await runToRest(app, { operation: 'test-failover', scope: { planId: 'plan-apps' } });
    expect(job.phase).toBe('complete-test');
    app.close();

    const outputs = await Promise.all([maintain(), maintain()]);
    expect(outputs.filter((out) => out.includes(`${job.id} completed-by-force`))).toHaveLength(1);
    expect(outputs.filter((out) => out.includes('no timer was due'))).toHaveLength(1);

    const after = createAppContext({ dataDir: dir, readOnly: true });
    try {
      expect(after.jobs.get(job.id).status).toBe('completed-by-force');
      expect(after.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'test.completed-by-force'").get()).toEqual({ n: 1 });
      expect(after.lab.testResources()).toEqual([]);
    } finally {
      after.close();
    }
  }, 120_000);
});
