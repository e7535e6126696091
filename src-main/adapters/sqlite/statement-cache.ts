// Statements prepared once per connection: the stores run the same few statements thousands of times in one
// plan, and preparing (parsing) each time costs more than running it.
import type { DatabaseSync, StatementSync } from 'node:sqlite';

export class StatementCache {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** The statement for `sql` on `db`: cached for the store's own connection, prepared afresh for another one. */
  get(sql: string, db: DatabaseSync = this.#db): StatementSync {
    if (db !== this.#db) return db.prepare(sql);
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
