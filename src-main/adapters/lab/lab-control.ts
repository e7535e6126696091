// Lab settings and injected faults: time scale and seed, and the faults that `lab fault` adds. A site outage
// and a missing virtual switch change the lab's inventory itself, so pre-flight sees them. Every change is
// committed to the lab database first and published to memory after (commit, then publish).
import type { DatabaseSync } from 'node:sqlite';
import type { Site } from '../../domain/model/estate.ts';
import { inTransaction } from '../sqlite/database.ts';
import { DataVersionWatch } from './data-version.ts';
import { AppError } from '../../contract/errors.ts';
import { describeFault, FaultSpec, type ActiveFault, type LabSettings } from './lab-faults.ts';
import type { LabSeed, LabStore } from './lab-store.ts';

export type { LabSettings };

export const DEFAULT_LAB_SETTINGS: LabSettings = { timeScale: 0.2, seed: 1 };

export class LabControl {
  readonly #db: DatabaseSync;
  readonly #store: LabStore;
  // Read on every fabric call: cached until we change them or another process commits (data_version).
  #cache: { version: number; settings: LabSettings; faults: ActiveFault[] } | undefined;
  readonly #watch: DataVersionWatch;

  constructor(db: DatabaseSync, store: LabStore) {
    this.#db = db;
    this.#store = store;
    this.#watch = new DataVersionWatch(db);
  }

  settings(): LabSettings {
    return this.#cached().settings;
  }

  /** Active faults: once-faults that already fired and spent counted faults are gone. */
  faults(): ActiveFault[] {
    return this.#cached().faults;
  }

  /** Our own writes do not change data_version: they drop the cache themselves, after their commit. */
  invalidate(): void {
    this.#cache = undefined;
  }

  setSettings(patch: Partial<LabSettings>): LabSettings {
    inTransaction(this.#db, () => {
      const upsert = this.#db.prepare('INSERT INTO lab_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) upsert.run(key, String(value));
    });
    this.invalidate();
    return this.settings();
  }

  addFault(spec: FaultSpec, at: Date): ActiveFault[] {
    const parsed = FaultSpec.parse(spec);
    this.#requireTarget(parsed);
    const sites = inTransaction(this.#db, () => {
      const remaining = 'calls' in parsed ? parsed.calls : null;
      this.#db.prepare('INSERT INTO lab_faults (kind, spec_json, remaining, created_at) VALUES (?, ?, ?, ?)').run(parsed.kind, JSON.stringify(parsed), remaining, at.toISOString());
      return this.#applyToInventory([parsed], false);
    });
    this.#store.publish({ sites });
    this.invalidate();
    return this.faults();
  }

  /** Removes every fault and undoes the ones that changed the inventory. */
  clearFaults(): ActiveFault[] {
    const sites = inTransaction(this.#db, () => {
      const changed = this.#applyToInventory(this.#readFaults().map((fault) => fault.spec), true);
      this.#db.exec('DELETE FROM lab_faults');
      // A hung operation resumes once its fault is cleared (a drill retries it under the same key, R5).
      this.#db.prepare("UPDATE lab_operations SET due_ms = ? WHERE state = 'running' AND due_ms IS NULL").run(Date.now());
      return changed;
    });
    this.#store.publish({ sites });
    this.invalidate();
    return [];
  }

  /** Back to a seed: faults, lab resources and the operation log are cleared (the engine's jobs and audit stay). */
  reset(seed: LabSeed, settings: Partial<LabSettings>): void {
    inTransaction(this.#db, () => {
      this.#db.exec('DELETE FROM lab_faults');
      this.#db.exec('DELETE FROM lab_resources');
      this.#db.exec('DELETE FROM lab_operations');
    });
    this.invalidate();
    this.#store.replace(seed);
    this.setSettings(settings);
  }

  /** Sites changed by the operator's set-up (a provider certificate installed in the lab): committed, then published. */
  updateSites(change: (site: Site) => Site | undefined): void {
    const sites = inTransaction(this.#db, () => {
      const changed: Site[] = [];
      for (const site of this.#store.readSites()) {
        const next = change(structuredClone(site));
        if (next && JSON.stringify(next) !== JSON.stringify(site)) {
          this.#store.write('site', next);
          changed.push(next);
        }
      }
      return changed;
    });
    if (sites.length > 0) this.#store.publish({ sites });
  }

  #cached(): { settings: LabSettings; faults: ActiveFault[] } {
    const version = this.#watch.current();
    if (this.#cache?.version === version) return this.#cache;
    const fresh = { version, settings: this.#readSettings(), faults: this.#readFaults() };
    // Not kept when read inside a transaction: its uncommitted rows would outlive a rollback (commit, then publish).
    if (!this.#db.isTransaction) this.#cache = fresh;
    return fresh;
  }

  #readSettings(): LabSettings {
    const rows = this.#db.prepare('SELECT key, value FROM lab_settings').all() as { key: string; value: string }[];
    const settings = { ...DEFAULT_LAB_SETTINGS };
    for (const row of rows) {
      if (row.key === 'timeScale' || row.key === 'seed') settings[row.key] = Number(row.value);
    }
    return settings;
  }

  #readFaults(): ActiveFault[] {
    const rows = this.#db.prepare('SELECT id, spec_json, remaining, created_at FROM lab_faults WHERE consumed = 0 ORDER BY id').all() as {
      id: number;
      spec_json: string;
      remaining: number | null;
      created_at: string;
    }[];
    return rows.map((row) => ({ id: row.id, spec: FaultSpec.parse(JSON.parse(row.spec_json)), createdAt: row.created_at, remaining: row.remaining }));
  }

  /** A fault on something the lab does not have would silently never fire. */
  #requireTarget(spec: FaultSpec): void {
    const known =
      spec.kind === 'site-unreachable'
        ? this.#store.site(spec.siteId) !== undefined
        : spec.kind === 'missing-switch'
          ? this.#store.sites().some((site) => site.hosts.some((host) => host.id === spec.hostId && host.virtualSwitches.includes(spec.switchName)))
          : this.#store.item(spec.itemId) !== undefined;
    if (!known) throw new AppError('NOT_FOUND', `The lab has nothing to inject "${describeFault(spec)}" into.`);
  }

  /** Inside the fault's transaction: the sites it changes, written (published by the caller after commit). */
  #applyToInventory(specs: readonly FaultSpec[], undo: boolean): Site[] {
    const sites = this.#store.readSites();
    const changed = new Map<string, Site>();
    for (const spec of specs) {
      for (const site of sites) {
        if (spec.kind === 'site-unreachable' && site.id === spec.siteId) {
          site.reachable = undo;
          changed.set(site.id, site);
        } else if (spec.kind === 'missing-switch') {
          const host = site.hosts.find((h) => h.id === spec.hostId);
          if (!host) continue;
          host.virtualSwitches = undo ? [...new Set([...host.virtualSwitches, spec.switchName])] : host.virtualSwitches.filter((name) => name !== spec.switchName);
          changed.set(site.id, site);
        }
      }
    }
    for (const site of changed.values()) this.#store.write('site', site);
    return [...changed.values()];
  }
}
