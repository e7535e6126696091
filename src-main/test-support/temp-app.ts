// Test helper: a real AppContext (real SQLite file, real lab estate) in a throw-away data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext, type AppContextOptions } from '../composition/app-context.ts';

export interface TempApp {
  app: AppContext;
  dataDir: string;
  dispose(): void;
}

export function createTempApp(options: Partial<AppContextOptions> = {}): TempApp {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fc-test-'));
  const app = createAppContext({ ...options, dataDir });
  return {
    app,
    dataDir,
    dispose() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every row of every table, to prove that a refused call changed nothing. */
export function snapshotDatabase(app: AppContext): Record<string, unknown[]> {
  const tables = app.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, app.db.prepare(`SELECT * FROM "${name}"`).all()]));
}
