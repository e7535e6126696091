// The live estate: what changes while the console runs (active site, power, replication, recovery points,
// failover state, site reachability, plan edits) lives in SQLite, seeded from the lab file on first open.
// The in-memory copy is reloaded when another process (CLI, desktop) committed to the database.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { Estate, type ProtectedItem, type RecoveryPlan, type Site } from '../engine/model/estate.ts';
import { inTransaction } from './database.ts';
import type { WriteBatcher } from './write-batcher.ts';

type Kind = 'meta' | 'site' | 'item' | 'plan';

interface Row {
  kind: Kind;
  id: string;
  json: string;
}

export class EstateState {
  readonly #db: DatabaseSync;
  readonly #batcher: WriteBatcher;
  #estate: Estate;
  #items = new Map<string, ProtectedItem>();
  #dataVersion: number;
  #update: StatementSync | undefined;
  #dataVersionStatement: StatementSync | undefined;

  constructor(db: DatabaseSync, batcher: WriteBatcher, seed: () => Estate) {
    this.#db = db;
    this.#batcher = batcher;
    const count = (db.prepare('SELECT count(*) AS n FROM estate_doc').get() as { n: number }).n;
    if (count === 0) this.reset(seed());
    // The version before the rows: a commit by another process in between makes the next estate() read again
    // (the other order kept a stale estate until some later commit, and pre-flight passed on it).
    this.#dataVersion = this.#currentDataVersion();
    this.#estate = this.#load();
  }

  /** The estate as it stands now; re-read when another connection committed and nothing of ours is pending. */
  estate(): Estate {
    const version = this.#currentDataVersion();
    if (version !== this.#dataVersion && this.#batcher.pending === 0) {
      this.#estate = this.#load();
      this.#dataVersion = version;
    }
    return this.#estate;
  }

  item(id: string): ProtectedItem | undefined {
    this.estate();
    return this.#items.get(id);
  }

  site(id: string): Site | undefined {
    return this.estate().sites.find((site) => site.id === id);
  }

  /** Writes one entity inside the caller's transaction (the fabric commits it with its operation record). */
  persist(db: DatabaseSync, kind: Kind, entity: Site | ProtectedItem | RecoveryPlan): void {
    this.#update ??= db.prepare('UPDATE estate_doc SET json = ? WHERE kind = ? AND id = ?');
    const json = JSON.stringify(entity);
    if (Number(this.#update.run(json, kind, entity.id).changes) > 0) return;
    db.prepare('INSERT INTO estate_doc (kind, id, ordinal, json) VALUES (?, ?, (SELECT coalesce(max(ordinal), 0) + 1 FROM estate_doc WHERE kind = ?), ?)').run(kind, entity.id, kind, json);
  }

  /** The plan editor: saves a whole plan (new or edited) and keeps the in-memory estate in step. */
  /** `alsoWrite` commits with the plan (its audit entries). */
  savePlan(plan: RecoveryPlan, alsoWrite?: (db: DatabaseSync) => void): void {
    const estate = this.estate();
    inTransaction(this.#db, () => {
      this.persist(this.#db, 'plan', plan);
      alsoWrite?.(this.#db);
    });
    const index = estate.plans.findIndex((candidate) => candidate.id === plan.id);
    if (index === -1) estate.plans.push(plan);
    else estate.plans[index] = plan;
  }

  removePlan(planId: string): void {
    const estate = this.estate();
    inTransaction(this.#db, () => this.#db.prepare("DELETE FROM estate_doc WHERE kind = 'plan' AND id = ?").run(planId));
    estate.plans = estate.plans.filter((plan) => plan.id !== planId);
  }

  /** Replaces the whole live estate (first open, `lab reset`). */
  reset(seed: Estate): void {
    const parsed = Estate.parse(seed);
    inTransaction(this.#db, () => {
      this.#db.exec('DELETE FROM estate_doc');
      const insert = this.#db.prepare('INSERT INTO estate_doc (kind, id, ordinal, json) VALUES (?, ?, ?, ?)');
      insert.run('meta', 'estate', 0, JSON.stringify({ name: parsed.name, networkMappings: parsed.networkMappings }));
      parsed.sites.forEach((site, index) => insert.run('site', site.id, index, JSON.stringify(site)));
      parsed.items.forEach((item, index) => insert.run('item', item.id, index, JSON.stringify(item)));
      parsed.plans.forEach((plan, index) => insert.run('plan', plan.id, index, JSON.stringify(plan)));
    });
    this.#estate = this.#load();
    this.#dataVersion = this.#currentDataVersion();
  }

  #currentDataVersion(): number {
    this.#dataVersionStatement ??= this.#db.prepare('PRAGMA data_version');
    return (this.#dataVersionStatement.get() as { data_version: number }).data_version;
  }

  #load(): Estate {
    const rows = this.#db.prepare('SELECT kind, id, json FROM estate_doc ORDER BY kind, ordinal').all() as unknown as Row[];
    const of = (kind: Kind) => rows.filter((row) => row.kind === kind).map((row) => JSON.parse(row.json) as unknown);
    const meta = (of('meta')[0] ?? {}) as { name?: string; networkMappings?: unknown[] };
    // Stored rows were validated when written; parsing again keeps a hand-edited database from misleading us.
    const estate = Estate.parse({ name: meta.name ?? 'Estate', networkMappings: meta.networkMappings ?? [], sites: of('site'), items: of('item'), plans: of('plan') });
    // Items keep their identity across a reload: a fabric call holding one sees what another process wrote.
    estate.items = estate.items.map((fresh) => {
      const existing = this.#items.get(fresh.id);
      if (!existing) return fresh;
      for (const key of Object.keys(existing)) if (!(key in fresh)) delete (existing as Record<string, unknown>)[key];
      return Object.assign(existing, fresh);
    });
    this.#items = new Map(estate.items.map((item) => [item.id, item]));
    return estate;
  }
}
