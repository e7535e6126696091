import { z } from 'zod';
import { channel, event, returns } from './define.ts';

export const Theme = z.enum(['dark', 'light']);

export const Preferences = z.strictObject({
  theme: Theme,
});
export type Preferences = z.infer<typeof Preferences>;

export const DEFAULT_PREFERENCES: Preferences = { theme: 'dark' };

export const preferencesChannels = {
  'preferences:get': channel({
    input: z.strictObject({}),
    output: returns<Preferences>(),
    summary: "The operator's preferences (theme).",
  }),
  'preferences:set': channel({
    input: Preferences.partial().strict(),
    output: returns<Preferences>(),
    summary: 'Changes some preferences and returns them all.',
  }),
};

export const preferencesEvents = {
  'preferences:changed': event({ payload: returns<Preferences>(), summary: 'Preferences were changed.' }),
};
