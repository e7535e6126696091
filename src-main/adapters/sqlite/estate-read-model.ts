// The estate read model: what the console knows of the estate, answered as an immutable snapshot. Sites,
// machines, recovery points and network mappings come from the fabrics' inventory (the registry's adapters);
// recovery plans are the console's own, kept in the engine database (estate_doc, kind 'plan') and edited by
// the plan editor. Commit, then publish: a plan change reaches memory only after its transaction committed,
// so a refused write leaves memory equal to disk. Another process's commit (the engine database's
// data_version, or an adapter's inventory version) makes the next read fresh.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Estate, NetworkMapping, ProtectedItem, RecoveryPlan, Site } from '../../domain/model/estate.ts';
import type { FabricAdapter, FabricInventory } from '../../domain/ports/fabric-port.ts';
import { AppError } from '../../contract/errors.ts';
import { inTransaction } from './database.ts';

export interface InventoryFeed {
  adapter: FabricAdapter;
  /** An in-process adapter answers synchronously; `version` changes whenever its inventory changed. */
  snapshot?(fresh?: boolean): { version: number; inventory: FabricInventory };
}

export class EstateReadModel {
  readonly #db: DatabaseSync;
  readonly #feeds: readonly InventoryFeed[];
  /** Remote inventories, as last read by refresh(). */
  readonly #remote = new Map<InventoryFeed, FabricInventory>();
  #plans: readonly RecoveryPlan[] = [];
  #plansDataVersion = -1;
  #plansVersion = 0;
  #remoteVersion = 0;
  #estate: { key: string; estate: Estate } | undefined;
  #dataVersion: StatementSync | undefined;

  constructor(db: DatabaseSync, feeds: readonly InventoryFeed[], seedPlans: () => RecoveryPlan[]) {
    this.#db = db;
    this.#feeds = feeds;
    // Seeded once: an older database that held the whole estate has a meta row already and keeps its plans.
    const seeded = db.prepare("SELECT 1 FROM estate_doc WHERE kind = 'meta' LIMIT 1").get() !== undefined;
    if (!seeded) this.resetPlans(seedPlans());
    else this.#loadPlans();
  }

  /**
   * The estate now: an immutable snapshot, replaced (never changed) when something committed. `fresh` sees
   * every commit made before the call, also in this turn of the event loop (a start's LOCK check needs it).
   */
  estate(options: { fresh?: boolean } = {}): Estate {
    this.#freshPlans();
    const parts = this.#feeds.map((feed) => (feed.snapshot ? feed.snapshot(options.fresh === true) : undefined));
    const key = `${this.#plansVersion}/${this.#remoteVersion}/${parts.map((part) => part?.version ?? '-').join(',')}`;
    if (this.#estate?.key !== key) {
      const inventories = this.#feeds.map((feed, index) => parts[index]?.inventory ?? this.#remote.get(feed)).filter((inventory) => inventory !== undefined);
      this.#estate = { key, estate: compose(inventories, this.#plans) };
    }
    return this.#estate.estate;
  }

  /**
   * Re-reads the inventory from the adapters (those without a synchronous view; an in-process one is fresh
   * on every read). `itemIds` narrows what changed, for adapters that can read less than everything.
   */
  async refresh(itemIds?: readonly string[]): Promise<Estate> {
    void itemIds; // every adapter today answers its whole inventory
    for (const feed of this.#feeds) {
      if (feed.snapshot) continue;
      this.#remote.set(feed, await feed.adapter.inventory());
      this.#remoteVersion += 1;
    }
    return this.estate();
  }

  /** Saves a whole plan (new or edited); `alsoWrite` commits with it (its audit entries). Published after commit. */
  savePlan(plan: RecoveryPlan, alsoWrite?: (db: DatabaseSync) => void): void {
    const saved = structuredClone(plan);
    this.#commit('The plan could not be saved', () => {
      const json = JSON.stringify(saved);
      const updated = this.#db.prepare("UPDATE estate_doc SET json = ? WHERE kind = 'plan' AND id = ?").run(json, saved.id);
      if (Number(updated.changes) === 0) {
        this.#db.prepare("INSERT INTO estate_doc (kind, id, ordinal, json) VALUES ('plan', ?, (SELECT coalesce(max(ordinal), 0) + 1 FROM estate_doc WHERE kind = 'plan'), ?)").run(saved.id, json);
      }
      alsoWrite?.(this.#db);
    });
    const index = this.#plans.findIndex((candidate) => candidate.id === saved.id);
    this.#publishPlans(index === -1 ? [...this.#plans, saved] : this.#plans.map((candidate, at) => (at === index ? saved : candidate)));
  }

  removePlan(planId: string): void {
    this.#commit('The plan could not be removed', () => this.#db.prepare("DELETE FROM estate_doc WHERE kind = 'plan' AND id = ?").run(planId));
    this.#publishPlans(this.#plans.filter((plan) => plan.id !== planId));
  }

  /** Replaces every plan (first open, `lab reset`). */
  resetPlans(plans: readonly RecoveryPlan[]): void {
    const copies = plans.map((plan) => structuredClone(plan));
    inTransaction(this.#db, () => {
      this.#db.exec("DELETE FROM estate_doc WHERE kind = 'plan'");
      this.#db.prepare("INSERT INTO estate_doc (kind, id, ordinal, json) VALUES ('meta', 'plans', 0, '{}') ON CONFLICT (kind, id) DO NOTHING").run();
      const insert = this.#db.prepare("INSERT INTO estate_doc (kind, id, ordinal, json) VALUES ('plan', ?, ?, ?)");
      copies.forEach((plan, index) => insert.run(plan.id, index, JSON.stringify(plan)));
    });
    this.#publishPlans(copies);
  }

  /** A refused write (locked, read-only, a constraint) is the operator's DATABASE_ERROR, with memory unchanged. */
  #commit(what: string, work: () => void): void {
    try {
      inTransaction(this.#db, work);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('DATABASE_ERROR', `${what}: ${(error as Error).message}`);
    }
  }

  #publishPlans(plans: readonly RecoveryPlan[]): void {
    this.#plans = plans;
    this.#plansVersion += 1;
  }

  #freshPlans(): void {
    this.#dataVersion ??= this.#db.prepare('PRAGMA data_version');
    const version = (this.#dataVersion.get() as { data_version: number }).data_version;
    if (version !== this.#plansDataVersion) this.#loadPlans(version);
  }

  #loadPlans(dataVersion?: number): void {
    const rows = this.#db.prepare("SELECT json FROM estate_doc WHERE kind = 'plan' ORDER BY ordinal").all() as { json: string }[];
    const plans = rows.map((row) => JSON.parse(row.json) as RecoveryPlan);
    this.#dataVersion ??= this.#db.prepare('PRAGMA data_version');
    this.#plansDataVersion = dataVersion ?? (this.#dataVersion.get() as { data_version: number }).data_version;
    if (JSON.stringify(plans) !== JSON.stringify(this.#plans)) this.#publishPlans(plans);
  }
}

/** One estate from every fabric's inventory (the first to name a site or item wins) and the console's plans. */
function compose(inventories: readonly FabricInventory[], plans: readonly RecoveryPlan[]): Estate {
  const sites = new Map<string, Site>();
  const items = new Map<string, ProtectedItem>();
  const networkMappings: NetworkMapping[] = [];
  for (const inventory of inventories) {
    for (const site of inventory.sites as Site[]) if (!sites.has(site.id)) sites.set(site.id, site);
    for (const item of inventory.items as ProtectedItem[]) if (!items.has(item.id)) items.set(item.id, item);
    networkMappings.push(...((inventory.networks ?? []) as NetworkMapping[]));
  }
  return { name: inventories.find((inventory) => inventory.name)?.name ?? 'Estate', sites: [...sites.values()], networkMappings, items: [...items.values()], plans: [...plans] };
}
