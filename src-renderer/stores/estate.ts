// Shared plan and item summaries (names for filters, links and labels). Read-only here; the plan editor and
// the item views keep their own domain stores.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { ItemSummary, PlanSummary } from '../../src-main/contract/estate.ts';
import { call, on } from '../api/client.ts';

export const useEstateStore = defineStore('estate', () => {
  const plans = shallowRef<PlanSummary[]>([]);
  const items = shallowRef<ItemSummary[]>([]);
  const error = shallowRef<string | null>(null);
  let loaded: Promise<void> | undefined;

  async function reload(): Promise<void> {
    try {
      [plans.value, items.value] = await Promise.all([call('plans:list', {}), call('items:list', {})]);
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    }
  }

  /** Loads once; later calls reuse it (estate changes reload it). */
  function load(): Promise<void> {
    loaded ??= reload();
    return loaded;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  on('estate:changed', () => {
    if (!loaded || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      loaded = reload();
    }, 500);
  });

  const planNames = computed(() => new Map(plans.value.map((plan) => [plan.id, plan.name])));
  const itemNames = computed(() => new Map(items.value.map((item) => [item.id, item.name])));

  return { plans, items, error, load, planNames, itemNames };
});
