// Benchmark set-up shared by bench-cli.ts and bench-ui.ts: a data directory holding thousands of finished jobs,
// written through the engine's own JobStore as copies of one real test failover (running thousands of real
// jobs would take the bench longer than what it measures).
import type { AppContext } from '../src-main/composition/app-context.ts';
import { inTransaction } from '../src-main/adapters/sqlite/database.ts';
import { JobStore } from '../src-main/adapters/sqlite/job-store.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Runs one test failover of plan-apps to its end and writes `count` finished copies of it. */
export async function writeFinishedJobCopies(app: AppContext, count: number): Promise<void> {
  app.lab.control.setSettings({ timeScale: 0 });
  const started = await app.jobs.start({ operation: 'test-failover', scope: { planId: 'plan-apps' } });
  await app.jobs.settledJob(started.id);
  await app.jobs.completeTest(started.id, 'bench template');
  await app.jobs.settledJob(started.id);
  const template = app.jobs.get(started.id);
  const store = new JobStore(app.db);
  inTransaction(app.db, () => {
    for (let index = 0; index < count; index += 1) {
      // Valid job ids (ULID-shaped), so each row links to a detail that opens.
      let suffix = '';
      for (let rest = index, digit = 0; digit < 8; digit += 1, rest = Math.floor(rest / 32)) suffix = CROCKFORD[rest % 32]! + suffix;
      const copy = { ...template, id: `job-${template.id.slice(4, 22)}${suffix}` };
      store.insert(app.db, copy);
      store.stepWriter(copy.id, copy.steps)(app.db);
      store.jobWriter(copy.id, { status: template.status, ...(template.startedAt ? { startedAt: template.startedAt } : {}), endedAt: template.endedAt ?? null })(app.db);
    }
  });
}
