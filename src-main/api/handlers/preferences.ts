import type { DatabaseSync } from 'node:sqlite';
import { DEFAULT_PREFERENCES, Preferences, type preferencesChannels } from '../../contract/preferences.ts';
import { inTransaction } from '../../store/database.ts';
import type { HandlersFor } from './types.ts';

function readPreferences(db: DatabaseSync): Preferences {
  const rows = db.prepare('SELECT key, value FROM preferences').all() as { key: string; value: string }[];
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value);
    } catch {
      // A damaged value falls back to its default rather than breaking the console.
    }
  }
  const parsed = Preferences.partial().safeParse(stored);
  return { ...DEFAULT_PREFERENCES, ...(parsed.success ? parsed.data : {}) };
}

export const preferencesHandlers: HandlersFor<keyof typeof preferencesChannels> = {
  'preferences:get': (_input, app) => readPreferences(app.db),
  'preferences:set': (input, app) => {
    inTransaction(app.db, () => {
      const upsert = app.db.prepare(
        'INSERT INTO preferences (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      );
      for (const [key, value] of Object.entries(input)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value));
      }
    });
    const preferences = readPreferences(app.db);
    app.events.publish('preferences:changed', preferences);
    return preferences;
  },
};
