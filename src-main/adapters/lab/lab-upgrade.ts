// Upgrade: an engine database written before the lab had its own store holds the live lab estate
// (estate_doc sites/items/meta) and the lab's tables. The first open of lab.sqlite takes them over, so an
// operator's lab state — machines failed over, test resources still to delete, keys already applied —
// survives the upgrade (docs/decisions.md "The lab as a separate fabric service"). The engine database's
// rows are left as they were (an older version can still open it); they are no longer read.
import type { DatabaseSync } from 'node:sqlite';
import type { NetworkMapping, ProtectedItem, Site } from '../../domain/model/estate.ts';
import { inTransaction } from '../sqlite/database.ts';
import { FaultSpec } from './lab-faults.ts';
import type { LabSeed } from './lab-store.ts';

function hasTable(db: DatabaseSync, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** The live estate an older engine database holds, if any. */
export function legacyLabSeed(engineDb: DatabaseSync): LabSeed | undefined {
  if (!hasTable(engineDb, 'estate_doc')) return undefined;
  const rows = engineDb.prepare("SELECT kind, json FROM estate_doc WHERE kind IN ('meta', 'site', 'item') ORDER BY kind, ordinal").all() as { kind: string; json: string }[];
  const sites = rows.filter((row) => row.kind === 'site').map((row) => JSON.parse(row.json) as Site);
  if (sites.length === 0) return undefined;
  const meta = JSON.parse(rows.find((row) => row.kind === 'meta')?.json ?? '{}') as { name?: string; networkMappings?: NetworkMapping[] };
  return { name: meta.name ?? 'Estate', networkMappings: meta.networkMappings ?? [], sites, items: rows.filter((row) => row.kind === 'item').map((row) => JSON.parse(row.json) as ProtectedItem) };
}

/** Copies the older lab tables (operation log, resources, faults, settings) into a just-seeded lab database. */
export function importLegacyLabState(engineDb: DatabaseSync, labDb: DatabaseSync): void {
  if (!hasTable(engineDb, 'lab_ops')) return;
  const ops = engineDb.prepare('SELECT seq, key, operation, item_id, outcome, at, result_json FROM lab_ops ORDER BY seq').all() as {
    seq: number;
    key: string;
    operation: string;
    item_id: string | null;
    outcome: string;
    at: string;
    result_json: string | null;
  }[];
  const resources = engineDb.prepare('SELECT id, kind, item_id, network_id, created_key, data_json FROM lab_resources').all() as Record<string, string | null>[];
  const settings = engineDb.prepare('SELECT key, value FROM lab_settings').all() as { key: string; value: string }[];
  const faults = engineDb.prepare('SELECT kind, target, operation, mode, seconds, created_at FROM lab_faults WHERE consumed = 0').all() as {
    kind: string;
    target: string;
    operation: string | null;
    mode: string;
    seconds: number | null;
    created_at: string;
  }[];
  inTransaction(labDb, () => {
    const op = labDb.prepare(
      "INSERT INTO lab_operations (id, key, operation, operation_json, item_id, state, applied, started_at, ended_at, result_json, error_json) VALUES (?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?)",
    );
    for (const row of ops) {
      const ok = row.outcome === 'ok';
      const error = ok ? null : JSON.stringify({ kind: 'permanent', message: (JSON.parse(row.result_json ?? '{}') as { error?: string }).error ?? 'failed' });
      op.run(`labop-legacy-${row.seq}`, row.key, row.operation, row.item_id, ok ? 'succeeded' : 'failed', ok ? 1 : 0, row.at, row.at, ok ? row.result_json : null, error);
    }
    const resource = labDb.prepare('INSERT OR IGNORE INTO lab_resources (id, kind, item_id, network_id, created_key, data_json) VALUES (?, ?, ?, ?, ?, ?)');
    for (const row of resources) resource.run(row.id ?? '', row.kind ?? '', row.item_id ?? null, row.network_id ?? null, row.created_key ?? '', row.data_json ?? null);
    const setting = labDb.prepare('INSERT OR REPLACE INTO lab_settings (key, value) VALUES (?, ?)');
    for (const row of settings) setting.run(row.key, row.value);
    const fault = labDb.prepare('INSERT INTO lab_faults (kind, spec_json, remaining, created_at) VALUES (?, ?, NULL, ?)');
    for (const row of faults) {
      const spec = FaultSpec.safeParse(legacyFaultSpec(row));
      if (spec.success) fault.run(spec.data.kind, JSON.stringify(spec.data), row.created_at);
    }
  });
}

function legacyFaultSpec(row: { kind: string; target: string; operation: string | null; mode: string; seconds: number | null }): Record<string, unknown> {
  switch (row.kind) {
    case 'site-unreachable':
      return { kind: row.kind, siteId: row.target };
    case 'missing-switch':
      return { kind: row.kind, hostId: row.target, switchName: row.operation };
    case 'replication-lag':
      return { kind: row.kind, itemId: row.target, seconds: row.seconds };
    case 'hang':
      return { kind: row.kind, itemId: row.target, operation: row.operation };
    case 'boot-failure':
      return { kind: row.kind, itemId: row.target, mode: row.mode };
    default:
      return { kind: row.kind, itemId: row.target, operation: row.operation, mode: row.mode };
  }
}
