// The lab's inventory in its own database: sites, machines and the network mappings, seeded on first open.
// Memory follows disk (commit, then publish): the in-memory view changes only after the transaction that
// wrote it committed (our own writes publish in the batcher's afterCommit), and is re-read whole when
// another process committed to the lab database (PRAGMA data_version).
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { Estate, type NetworkMapping, type ProtectedItem, type Site } from '../../domain/model/estate.ts';
import { inTransaction } from '../sqlite/database.ts';
import { DataVersionWatch } from './data-version.ts';

/** What the lab holds of an estate: everything but the console's own plans. */
export interface LabSeed {
  name: string;
  networkMappings: NetworkMapping[];
  sites: Site[];
  items: ProtectedItem[];
}

type Kind = 'meta' | 'site' | 'item';

export class LabStore {
  readonly #db: DatabaseSync;
  #name = 'Lab';
  #networkMappings: readonly NetworkMapping[] = [];
  #sites: readonly Site[] = [];
  #items = new Map<string, ProtectedItem>();
  #order: string[] = [];
  #dataVersion = -1;
  /** Bumped on every change of the in-memory view (ours after commit, or a reload). */
  #version = 0;
  readonly #statements = new Map<string, StatementSync>();
  readonly #watch: DataVersionWatch;
  /** What the open batched transaction wrote (`kind/id`): memory takes those only after COMMIT. */
  #writtenIn: number | undefined;
  readonly #written = new Set<string>();
  /** Whether memory was current with disk when the open batched transaction was last asked. */
  #currentIn: { transaction: number; current: boolean } | undefined;

  constructor(db: DatabaseSync, seed: () => LabSeed) {
    this.#db = db;
    this.#watch = new DataVersionWatch(db);
    const count = (db.prepare('SELECT count(*) AS n FROM lab_doc').get() as { n: number }).n;
    if (count === 0) this.replace(seed());
    else this.#reload();
  }

  /** Changes whenever what the lab holds changed (here or in another process). */
  version(fresh = false): number {
    this.#fresh(fresh);
    return this.#version;
  }

  name(): string {
    this.#fresh();
    return this.#name;
  }

  networkMappings(): readonly NetworkMapping[] {
    this.#fresh();
    return this.#networkMappings;
  }

  sites(): readonly Site[] {
    this.#fresh();
    return this.#sites;
  }

  site(id: string): Site | undefined {
    return this.sites().find((site) => site.id === id);
  }

  item(id: string): ProtectedItem | undefined {
    this.#fresh();
    return this.#items.get(id);
  }

  items(): ProtectedItem[] {
    this.#fresh();
    return this.#order.map((id) => this.#items.get(id)!);
  }

  // ---- inside a lab transaction --------------------------------------------------------------------------

  /**
   * The committed truth (plus this transaction's own writes): what an operation is applied to. Inside a
   * batched transaction (`transaction`, the batcher's openTransaction) the published document is that truth
   * when no other process committed since memory was loaded and this transaction has not written the item:
   * then it is returned as is, not parsed again (transitions copy what they change, lab-transitions.ts).
   */
  readItem(id: string, transaction?: number): ProtectedItem | undefined {
    if (this.#memoryIsDisk(transaction, `item/${id}`)) return this.#items.get(id);
    const row = this.#sql("SELECT json FROM lab_doc WHERE kind = 'item' AND id = ?").get(id) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as ProtectedItem) : undefined;
  }

  /** One site as committed (see readItem); never to be changed in place. */
  readSite(id: string, transaction?: number): Site | undefined {
    if (this.#memoryIsDisk(transaction, `site/${id}`)) return this.#sites.find((site) => site.id === id);
    return this.readSites().find((site) => site.id === id);
  }

  /** Fresh copies (callers change them before writing them back). */
  readSites(): Site[] {
    return (this.#sql("SELECT json FROM lab_doc WHERE kind = 'site' ORDER BY ordinal").all() as { json: string }[]).map((row) => JSON.parse(row.json) as Site);
  }

  write(kind: 'site' | 'item', entity: Site | ProtectedItem, transaction?: number): void {
    if (transaction !== undefined) {
      if (this.#writtenIn !== transaction) {
        this.#writtenIn = transaction;
        this.#written.clear();
      }
      this.#written.add(`${kind}/${entity.id}`);
    }
    const json = JSON.stringify(entity);
    if (Number(this.#sql('UPDATE lab_doc SET json = ? WHERE kind = ? AND id = ?').run(json, kind, entity.id).changes) > 0) return;
    this.#sql('INSERT INTO lab_doc (kind, id, ordinal, json) VALUES (?, ?, (SELECT coalesce(max(ordinal), 0) + 1 FROM lab_doc WHERE kind = ?), ?)').run(kind, entity.id, kind, json);
  }

  // ---- after a commit --------------------------------------------------------------------------------------

  /** Publishes what a committed transaction wrote (never call before its COMMIT). */
  publish(changed: { items?: readonly ProtectedItem[]; sites?: readonly Site[] }): void {
    for (const item of changed.items ?? []) {
      if (!this.#items.has(item.id)) this.#order.push(item.id);
      this.#items.set(item.id, item);
    }
    if (changed.sites && changed.sites.length > 0) {
      const byId = new Map(changed.sites.map((site) => [site.id, site]));
      this.#sites = [...this.#sites.map((site) => byId.get(site.id) ?? site), ...changed.sites.filter((site) => !this.#sites.some((known) => known.id === site.id))];
    }
    this.#version += 1;
  }

  /** Replaces the whole inventory (first open, `lab reset`), validated whole; memory follows the commit. */
  replace(seed: LabSeed): void {
    const parsed = Estate.parse({ ...seed, plans: [] });
    inTransaction(this.#db, () => {
      this.#db.exec('DELETE FROM lab_doc');
      const insert = this.#db.prepare('INSERT INTO lab_doc (kind, id, ordinal, json) VALUES (?, ?, ?, ?)');
      insert.run('meta', 'estate', 0, JSON.stringify({ name: parsed.name, networkMappings: parsed.networkMappings }));
      parsed.sites.forEach((site, index) => insert.run('site', site.id, index, JSON.stringify(site)));
      parsed.items.forEach((item, index) => insert.run('item', item.id, index, JSON.stringify(item)));
    });
    this.#reload();
  }

  #memoryIsDisk(transaction: number | undefined, entity: string): boolean {
    if (transaction === undefined) return false;
    if (this.#writtenIn === transaction && this.#written.has(entity)) return false;
    // No other process commits while our transaction is open: one look at data_version holds for all of it.
    if (this.#currentIn?.transaction !== transaction) this.#currentIn = { transaction, current: this.#watch.current(true) === this.#dataVersion };
    return this.#currentIn.current;
  }

  #fresh(now = false): void {
    // Never inside a transaction: a reload would take this transaction's uncommitted rows into memory, and a
    // rollback would leave memory ahead of disk. Memory catches up at the first read after it.
    if (this.#db.isTransaction) return;
    const version = this.#watch.current(now);
    if (version !== this.#dataVersion) this.#reload(version);
  }

  #reload(dataVersion?: number): void {
    const rows = this.#db.prepare('SELECT kind, id, json FROM lab_doc ORDER BY kind, ordinal').all() as { kind: Kind; id: string; json: string }[];
    const meta = JSON.parse(rows.find((row) => row.kind === 'meta')?.json ?? '{}') as { name?: string; networkMappings?: NetworkMapping[] };
    this.#name = meta.name ?? 'Lab';
    this.#networkMappings = meta.networkMappings ?? [];
    this.#sites = rows.filter((row) => row.kind === 'site').map((row) => JSON.parse(row.json) as Site);
    const items = rows.filter((row) => row.kind === 'item').map((row) => JSON.parse(row.json) as ProtectedItem);
    this.#items = new Map(items.map((item) => [item.id, item]));
    this.#order = items.map((item) => item.id);
    this.#dataVersion = dataVersion ?? this.#watch.current();
    this.#version += 1;
  }

  #sql(text: string): StatementSync {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }
}
