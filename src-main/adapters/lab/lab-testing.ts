// Test support for the lab adapter on its own: a real lab database in a temp directory, seeded from the
// built-in lab estate, at time scale 0 unless a test says otherwise.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultResourcesDir } from '../../application/paths.ts';
import { loadLabEstate } from '../../domain/estate/load-estate.ts';
import type { DatabaseSync } from 'node:sqlite';
import type { FabricAdapter, OperationHandle, OperationStatus } from '../../domain/ports/fabric-port.ts';
import { systemClock, type Clock } from '../../domain/time/clock.ts';
import { LabAdapter } from './lab-adapter.ts';

export interface TestLab {
  lab: LabAdapter;
  dir: string;
  /** Another LabAdapter on the same lab database: another console process. */
  openAnother(): LabAdapter;
  dispose(): void;
}

export function openTestLab(options: { clock?: Clock; timeScale?: number } = {}): TestLab {
  const dir = mkdtempSync(join(tmpdir(), 'fc-lab-'));
  const clock = options.clock ?? systemClock;
  const open = () => new LabAdapter({ dataDir: dir, clock, seed: () => loadLabEstate(defaultResourcesDir(), clock) });
  const lab = open();
  lab.control.setSettings({ timeScale: options.timeScale ?? 0 });
  const others: LabAdapter[] = [];
  return {
    lab,
    dir,
    openAnother() {
      const other = open();
      others.push(other);
      return other;
    },
    dispose() {
      for (const adapter of [lab, ...others]) adapter.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until the operation leaves `running` (or the time is up). */
export async function settle(adapter: FabricAdapter, handle: OperationHandle, withinMs = 5_000): Promise<OperationStatus> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const status = await adapter.poll(handle);
    if (status.state !== 'running' || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Makes every transaction that updates `table` fail at its COMMIT (a deferred foreign key left dangling):
 * the statements themselves succeed, so only code that publishes before its commit would show the change.
 */
export function refuseCommitsTouching(db: DatabaseSync, table: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS test_gate_parent (id TEXT PRIMARY KEY);
    CREATE TABLE IF NOT EXISTS test_gate (ref TEXT REFERENCES test_gate_parent (id) DEFERRABLE INITIALLY DEFERRED);
    CREATE TRIGGER test_refuse_${table}_update AFTER UPDATE ON ${table} BEGIN INSERT INTO test_gate VALUES ('missing'); END;
    CREATE TRIGGER test_refuse_${table}_insert AFTER INSERT ON ${table} BEGIN INSERT INTO test_gate VALUES ('missing'); END;`);
}
