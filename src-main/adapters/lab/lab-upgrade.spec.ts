// Upgrade: a data directory whose engine database still holds the live lab estate and the lab's tables
// (before the lab had its own database) keeps the operator's lab state (docs/decisions.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../composition/app-context.ts';
import { defaultResourcesDir } from '../../application/paths.ts';
import { loadLabEstate } from '../../domain/estate/load-estate.ts';
import { systemClock } from '../../domain/time/clock.ts';
import { DATABASE_FILE_NAME, openDatabase } from '../sqlite/database.ts';
import { LAB_DATABASE_FILE_NAME, LAB_MIGRATIONS } from './lab-migrations.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** What an older version left: the whole estate in estate_doc and the lab's log and resources beside it. */
function writeOlderDataDirectory(target: string): void {
  const db = openDatabase(join(target, DATABASE_FILE_NAME));
  const estate = loadLabEstate(defaultResourcesDir(), systemClock);
  estate.items.find((item) => item.id === 'app02')!.powerState = 'off';
  estate.plans[0]!.name = 'Renamed by the operator';
  const insert = db.prepare('INSERT INTO estate_doc (kind, id, ordinal, json) VALUES (?, ?, ?, ?)');
  insert.run('meta', 'estate', 0, JSON.stringify({ name: estate.name, networkMappings: estate.networkMappings }));
  estate.sites.forEach((site, index) => insert.run('site', site.id, index, JSON.stringify(site)));
  estate.items.forEach((item, index) => insert.run('item', item.id, index, JSON.stringify(item)));
  estate.plans.forEach((plan, index) => insert.run('plan', plan.id, index, JSON.stringify(plan)));
  db.prepare("INSERT INTO lab_ops (key, operation, item_id, outcome, at, result_json) VALUES ('old-key', 'shutdown', 'app02', 'ok', ?, NULL)").run(new Date().toISOString());
  db.prepare("INSERT INTO lab_resources (id, kind, item_id, network_id, created_key, data_json) VALUES ('test-abc', 'test-machine', 'app03', NULL, 'k', '{}')").run();
  db.prepare("INSERT INTO lab_settings (key, value) VALUES ('timeScale', '0')").run();
  db.close();
}

describe('lab upgrade from an engine database holding the live estate', () => {
  it('seeds the lab database from it: machine state, plans, the operation log and unfinished test resources survive', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fc-upgrade-'));
    writeOlderDataDirectory(dir);
    const app = createAppContext({ dataDir: dir });
    try {
      expect(app.estate().items.find((item) => item.id === 'app02')!.powerState).toBe('off');
      expect(app.estate().plans[0]!.name).toBe('Renamed by the operator');
      expect(app.lab.ops().map((op) => `${op.key}:${op.operation}:${op.outcome}`)).toEqual(['old-key:shutdown:ok']);
      expect(app.lab.testResources()).toEqual([{ id: 'test-abc', kind: 'test-machine', itemId: 'app03' }]);
      expect(app.lab.control.settings().timeScale).toBe(0);
      // A key applied before the upgrade is not applied again after it (R5).
      const again = await app.lab.adapter.start({ op: 'shutdown', itemId: 'app02' }, 'old-key');
      expect(again.operationId).toBe('labop-legacy-1');
      expect(app.lab.ops()).toHaveLength(1);
    } finally {
      app.close();
    }
  });

  it('a lab database written by a newer version is refused untouched (SCHEMA_TOO_NEW), like the engine database', () => {
    dir = mkdtempSync(join(tmpdir(), 'fc-upgrade-'));
    const lab = openDatabase(join(dir, LAB_DATABASE_FILE_NAME), { migrations: LAB_MIGRATIONS });
    lab.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES ('lab-9999-from-the-future', ?)").run(new Date().toISOString());
    lab.close();
    expect(() => createAppContext({ dataDir: dir! })).toThrow(expect.objectContaining({ code: 'SCHEMA_TOO_NEW' }));
  });
});
