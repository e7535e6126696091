// Test support: a real app context (real SQLite in a temp dir, the real lab fabric) at time scale 0, behind the
// real rules pre-flight as the app wires it. Only tests of orchestrator mechanics (durability, fault-schedule
// properties) may pass the narrower `lockOnlyPreflight`, saying why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext, type AppContextOptions } from '../composition/app-context.ts';
import { parseEstate, resolveLabTimes } from '../domain/estate/load-estate.ts';
import type { Job } from '../domain/jobs/job-model.ts';
import type { OperationRequest } from '../domain/model/operation.ts';

/** A fake sleep: lets other work run, honours an abort, never waits on the wall clock. */
export const yieldSleep = (_ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) reject(signal.reason as Error);
    else setImmediate(resolve);
  });

export interface TestApp {
  app: AppContext;
  dir: string;
  dispose(): void;
}

export function openTestApp(options: Partial<AppContextOptions> & { estate?: unknown } = {}): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'fc-engine-'));
  const { estate, ...rest } = options;
  // Retries and polls only yield (no wall-clock waits, no timed assertions); the policies themselves are real.
  const app = createAppContext({ dataDir: dir, stepTimeoutMs: 2_000, sleep: yieldSleep, ...rest });
  if (estate !== undefined) app.lab.control.reset(parseEstate(resolveLabTimes(estate, app.clock.now()), 'test estate'), { timeScale: 0 });
  else app.lab.control.setSettings({ timeScale: 0 });
  return {
    app,
    dir,
    dispose() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts an operation and waits until the engine rests (finished or waiting for the operator). */
export async function runToRest(app: AppContext, request: OperationRequest, notes?: string): Promise<Job> {
  const job = await app.jobs.start(request, notes);
  await app.jobs.settledJob(job.id);
  return app.jobs.get(job.id);
}

export async function rest(app: AppContext, jobId: string): Promise<Job> {
  await app.jobs.settledJob(jobId);
  return app.jobs.get(jobId);
}

export function stepsOf(job: Job, op: string) {
  return job.steps.filter((node) => node.op === op);
}
