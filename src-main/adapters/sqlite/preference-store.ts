// The operator's preferences as stored: one JSON value per key. Which keys exist and what a valid value is
// belongs to the contract (contract/preferences.ts); this adapter only reads and writes the rows.
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from './database.ts';

export interface PreferenceStore {
  /** Every stored value, parsed; a damaged one is left out (its default applies). */
  read(): Record<string, unknown>;
  /** Writes the given values in one transaction. */
  write(values: Record<string, unknown>): void;
}

export function sqlitePreferenceStore(db: DatabaseSync): PreferenceStore {
  return {
    read() {
      const rows = db.prepare('SELECT key, value FROM preferences').all() as { key: string; value: string }[];
      const stored: Record<string, unknown> = {};
      for (const row of rows) {
        try {
          stored[row.key] = JSON.parse(row.value);
        } catch {
          // A damaged value falls back to its default rather than breaking the console.
        }
      }
      return stored;
    },
    write(values) {
      inTransaction(db, () => {
        const upsert = db.prepare('INSERT INTO preferences (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
        for (const [key, value] of Object.entries(values)) if (value !== undefined) upsert.run(key, JSON.stringify(value));
      });
    },
  };
}
