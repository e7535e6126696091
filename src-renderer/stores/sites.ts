import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { EstateSource, SiteSummary } from '../../src-main/contract/sites.ts';
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

  /** Lab or production: the shell's badge (null until the engine answered). */
  const source = ref<EstateSource | null>(null);
  async function loadSource(): Promise<void> {
    try {
      source.value = await call('estate:source', {});
    } catch {
      source.value = null;
    }
  }

  on('sites:changed', () => void load());
  // A lab reset may seed another estate; a connection may be renamed.
  on('estate:changed', () => void loadSource());
  on('connections:changed', () => void loadSource());

  return { sites, loading, error, load, source, loadSource };
});
