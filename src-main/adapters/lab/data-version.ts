// PRAGMA data_version tells whether another connection committed since we last looked. Asked on every
// read it costs more than the reads it guards (thousands of fabric calls per second at time scale 0), so it
// is asked at most once per turn of the event loop: another process's commit is seen from the next turn on.
import type { DatabaseSync, StatementSync } from 'node:sqlite';

export class DataVersionWatch {
  readonly #statement: StatementSync;
  #version = -1;
  #fresh = false;

  constructor(db: DatabaseSync) {
    this.#statement = db.prepare('PRAGMA data_version');
  }

  /**
   * The database's data_version as of this turn of the event loop; `fresh` asks the database now (a decision
   * that must see every commit made before it, like the LOCK check of a start).
   */
  current(fresh = false): number {
    if (!this.#fresh || fresh) {
      this.#version = (this.#statement.get() as { data_version: number }).data_version;
      this.#fresh = true;
      setImmediate(() => {
        this.#fresh = false;
      }).unref();
    }
    return this.#version;
  }
}
