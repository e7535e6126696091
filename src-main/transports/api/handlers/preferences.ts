import { DEFAULT_PREFERENCES, Preferences, type preferencesChannels } from '../../../contract/preferences.ts';
import type { AppContext } from '../../../composition/app-context.ts';
import type { HandlersFor } from './types.ts';

/** The stored values over the defaults; a value the contract no longer accepts falls back to its default. */
function readPreferences(app: AppContext): Preferences {
  const parsed = Preferences.partial().safeParse(app.preferences.read());
  return { ...DEFAULT_PREFERENCES, ...(parsed.success ? parsed.data : {}) };
}

export const preferencesHandlers: HandlersFor<keyof typeof preferencesChannels> = {
  'preferences:get': (_input, app) => readPreferences(app),
  'preferences:set': (input, app) => {
    app.preferences.write(input);
    const preferences = readPreferences(app);
    app.events.publish('preferences:changed', preferences);
    return preferences;
  },
};
