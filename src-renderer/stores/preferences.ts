import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Preferences } from '../../src-main/contract/preferences.ts';
import { call, on } from '../api/client.ts';

export const usePreferencesStore = defineStore('preferences', () => {
  const theme = ref<Preferences['theme']>('dark');
  const loaded = ref(false);

  function apply(preferences: Preferences): void {
    theme.value = preferences.theme;
  }

  async function load(): Promise<void> {
    apply(await call('preferences:get', {}));
    loaded.value = true;
  }

  async function setTheme(next: Preferences['theme']): Promise<void> {
    theme.value = next;
    apply(await call('preferences:set', { theme: next }));
  }

  on('preferences:changed', apply);

  return { theme, loaded, load, setTheme };
});
