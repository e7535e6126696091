// Lab settings and injected faults (issue 4 §2): time scale and seed, and the faults that `lab fault`
// adds. A site outage and a missing virtual switch change the live estate itself, so pre-flight sees them.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Estate } from '../model/estate.ts';
import type { EstateState } from '../../store/estate-state.ts';
import { inTransaction } from '../../store/database.ts';
import { AppError } from '../../contract/errors.ts';
import { describeFault, FaultSpec, type ActiveFault, type LabSettings } from './lab-faults.ts';

export type { LabSettings };

export const DEFAULT_LAB_SETTINGS: LabSettings = { timeScale: 0.2, seed: 1 };

export class LabControl {
  readonly #db: DatabaseSync;
  readonly #state: EstateState;
  // Read on every fabric call: cached until we change them or another process commits (data_version).
  #cache: { version: number; settings: LabSettings; faults: ActiveFault[] } | undefined;
  #dataVersion: StatementSync | undefined;

  constructor(db: DatabaseSync, state: EstateState) {
    this.#db = db;
    this.#state = state;
  }

  settings(): LabSettings {
    return this.#cached().settings;
  }

  /** Active faults: once-faults that already fired are gone. */
  faults(): ActiveFault[] {
    return this.#cached().faults;
  }

  /** Our own writes do not change data_version: they drop the cache themselves. */
  invalidate(): void {
    this.#cache = undefined;
  }

  #cached(): { settings: LabSettings; faults: ActiveFault[] } {
    this.#dataVersion ??= this.#db.prepare('PRAGMA data_version');
    const version = (this.#dataVersion.get() as { data_version: number }).data_version;
    if (this.#cache?.version !== version) this.#cache = { version, settings: this.#readSettings(), faults: this.#readFaults() };
    return this.#cache;
  }

  #readSettings(): LabSettings {
    const rows = this.#db.prepare('SELECT key, value FROM lab_settings').all() as { key: string; value: string }[];
    const settings = { ...DEFAULT_LAB_SETTINGS };
    for (const row of rows) {
      if (row.key === 'timeScale' || row.key === 'seed') settings[row.key] = Number(row.value);
    }
    return settings;
  }

  setSettings(patch: Partial<LabSettings>): LabSettings {
    inTransaction(this.#db, () => {
      const upsert = this.#db.prepare('INSERT INTO lab_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) upsert.run(key, String(value));
    });
    this.invalidate();
    return this.settings();
  }

  #readFaults(): ActiveFault[] {
    const rows = this.#db.prepare('SELECT id, kind, target, operation, mode, seconds, created_at FROM lab_faults WHERE consumed = 0 ORDER BY id').all() as {
      id: number;
      kind: string;
      target: string;
      operation: string | null;
      mode: string;
      seconds: number | null;
      created_at: string;
    }[];
    return rows.map((row) => ({ id: row.id, spec: rowToSpec(row), createdAt: row.created_at }));
  }

  addFault(spec: FaultSpec, at: Date): ActiveFault[] {
    this.#requireTarget(spec);
    inTransaction(this.#db, () => {
      const target = 'siteId' in spec ? spec.siteId : 'hostId' in spec ? spec.hostId : spec.itemId;
      const operation = 'operation' in spec ? spec.operation : 'switchName' in spec ? spec.switchName : null;
      const mode = 'mode' in spec ? spec.mode : 'always';
      const seconds = 'seconds' in spec ? spec.seconds : null;
      this.#db.prepare('INSERT INTO lab_faults (kind, target, operation, mode, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(spec.kind, target, operation, mode, seconds, at.toISOString());
      this.#applyToEstate(spec, false);
    });
    this.invalidate();
    return this.faults();
  }

  /** Removes every fault and undoes the ones that changed the estate. */
  clearFaults(): ActiveFault[] {
    inTransaction(this.#db, () => {
      for (const fault of this.faults()) this.#applyToEstate(fault.spec, true);
      this.#db.exec('DELETE FROM lab_faults');
    });
    this.invalidate();
    return [];
  }

  /** Back to a seed estate: faults, lab resources and the operation log are cleared; jobs and audit stay. */
  reset(seed: Estate, settings: Partial<LabSettings>): void {
    inTransaction(this.#db, () => {
      this.#db.exec('DELETE FROM lab_faults');
      this.#db.exec('DELETE FROM lab_resources');
      this.#db.exec('DELETE FROM lab_ops');
    });
    this.invalidate();
    this.#state.reset(seed);
    this.setSettings(settings);
  }

  /** A fault on something the lab does not have would silently never fire. */
  #requireTarget(spec: FaultSpec): void {
    const estate = this.#state.estate();
    const known =
      spec.kind === 'site-unreachable'
        ? estate.sites.some((site) => site.id === spec.siteId)
        : spec.kind === 'missing-switch'
          ? estate.sites.some((site) => site.hosts.some((host) => host.id === spec.hostId && host.virtualSwitches.includes(spec.switchName)))
          : estate.items.some((item) => item.id === spec.itemId);
    if (!known) throw new AppError('NOT_FOUND', `The lab has nothing to inject "${describeFault(spec)}" into.`);
  }

  #applyToEstate(spec: FaultSpec, undo: boolean): void {
    const estate = this.#state.estate();
    if (spec.kind === 'site-unreachable') {
      const site = estate.sites.find((s) => s.id === spec.siteId);
      if (!site) return;
      site.reachable = undo;
      this.#state.persist(this.#db, 'site', site);
    } else if (spec.kind === 'missing-switch') {
      for (const site of estate.sites) {
        const host = site.hosts.find((h) => h.id === spec.hostId);
        if (!host) continue;
        host.virtualSwitches = undo
          ? [...new Set([...host.virtualSwitches, spec.switchName])]
          : host.virtualSwitches.filter((name) => name !== spec.switchName);
        this.#state.persist(this.#db, 'site', site);
      }
    }
  }
}

function rowToSpec(row: { kind: string; target: string; operation: string | null; mode: string; seconds: number | null }): FaultSpec {
  const raw: Record<string, unknown> = { kind: row.kind };
  switch (row.kind) {
    case 'site-unreachable':
      raw.siteId = row.target;
      break;
    case 'missing-switch':
      raw.hostId = row.target;
      raw.switchName = row.operation;
      break;
    case 'replication-lag':
      raw.itemId = row.target;
      raw.seconds = row.seconds;
      break;
    case 'hang':
      raw.itemId = row.target;
      raw.operation = row.operation;
      break;
    case 'boot-failure':
      raw.itemId = row.target;
      raw.mode = row.mode;
      break;
    default:
      raw.itemId = row.target;
      raw.operation = row.operation;
      raw.mode = row.mode;
  }
  return FaultSpec.parse(raw);
}
