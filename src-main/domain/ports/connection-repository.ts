// Where fabric connections are kept (the SQLite adapter today). Secrets are not: they stay in the keychain.
import type { Connection, ConnectionFields } from '../model/connection.ts';

export interface ConnectionRepository {
  /** Every connection, by name (case-insensitive). */
  list(): Connection[];
  /** By id, or by name (the CLI names connections); NOT_FOUND when there is none. */
  find(idOrName: string): Connection;
  /** Stores a new connection under a fresh id; CONFLICT when its name is taken. */
  add(fields: ConnectionFields, now: Date): Connection;
  /** Changes the given fields (undefined ones stay); NOT_FOUND or CONFLICT (name taken) as above. */
  update(id: string, changes: Partial<ConnectionFields>, now: Date): Connection;
  remove(id: string): void;
}
