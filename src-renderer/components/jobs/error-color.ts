// Error text with AA contrast on both themes' backgrounds (the light theme's red must be darker).
import { computed, type ComputedRef } from 'vue';
import { usePreferencesStore } from '../../stores/preferences.ts';

export function useErrorColor(): ComputedRef<string> {
  const preferences = usePreferencesStore();
  return computed(() => (preferences.theme === 'dark' ? '#fca5a5' : '#991b1b'));
}
