// Protected items: the list (2,000+ rows in a large estate, shown virtualized), the item open in the detail
// view and its IP plan as the engine computes it (R12/R13).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ItemSummary } from '../../src-main/contract/estate.ts';
import type { IpPlanEntry, ProtectedItem } from '../../src-main/contract/wire.ts';
import { call, on } from '../api/client.ts';

export const useItemsStore = defineStore('items', () => {
  const items = ref<ItemSummary[]>([]);
  const current = ref<ProtectedItem | null>(null);
  const ipPlan = ref<IpPlanEntry[]>([]);
  const ipPlanError = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;

  async function load(): Promise<void> {
    loading.value = true;
    try {
      items.value = await call('items:list', {});
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      loading.value = false;
    }
  }

  async function open(itemId: string): Promise<void> {
    try {
      current.value = await call('items:get', { itemId });
      error.value = null;
    } catch (failure) {
      current.value = null;
      error.value = (failure as Error).message;
      return;
    }
    await loadIpPlan(itemId);
  }

  /** The addresses after a failover away from where the machine runs now (R13); the engine explains each. */
  async function loadIpPlan(itemId: string): Promise<void> {
    try {
      ipPlan.value = await call('ip:plan', { operation: 'planned-failover', scope: { itemId } });
      ipPlanError.value = null;
    } catch (failure) {
      ipPlan.value = [];
      ipPlanError.value = (failure as Error).message;
    }
  }

  // A 2,000-machine job changes many items at once: reload once per burst, not once per event.
  on('estate:changed', () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      if (items.value.length > 0) void load();
      if (current.value) void open(current.value.id);
    }, 150);
  });

  return { items, current, ipPlan, ipPlanError, loading, error, load, open };
});
