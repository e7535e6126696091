import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SiteSummary } from '../../src-main/contract/sites.ts';
import { call, on } from '../api/client.ts';

export const useSitesStore = defineStore('sites', () => {
  const sites = ref<SiteSummary[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      sites.value = await call('sites:list', {});
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      loading.value = false;
    }
  }

  on('sites:changed', () => void load());

  return { sites, loading, error, load };
});
