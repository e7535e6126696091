// The dashboard's figures, computed by the engine (`dashboard:summary`), refreshed on job progress and estate
// changes at most about once a second.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { DashboardSummary } from '../../src-main/contract/dashboard.ts';
import { call, on } from '../api/client.ts';
import { useConnectionStore } from './connection.ts';

const REFRESH_MS = 1_000;

export const useDashboardStore = defineStore('dashboard', () => {
  const summary = shallowRef<DashboardSummary | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let watching = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function load(): Promise<void> {
    loading.value = summary.value === null;
    try {
      summary.value = await call('dashboard:summary', {});
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      loading.value = false;
    }
  }

  function refreshSoon(): void {
    if (watching === 0 || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void load();
    }, REFRESH_MS);
  }

  on('jobs:progress', refreshSoon);
  on('estate:changed', refreshSoon);
  useConnectionStore().onResume(refreshSoon);

  /** The dashboard view watches while it is shown; nothing is fetched for a hidden view. */
  function watch(): () => void {
    watching += 1;
    void load();
    return () => {
      watching -= 1;
    };
  }

  return { summary, loading, error, load, watch };
});
