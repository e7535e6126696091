// Wizard 5 (AD/DNS preparation) state. Only this store calls the bridge; the engine validates every value
// and builds the checklist and scripts, the store keeps the answers and the outcome.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AddedToPlan } from '../../src-main/contract/scripts.ts';
import type { InputOf } from '../../src-main/contract/index.ts';
import type { AddressingMode, CopyMethod, PreparationPackage, ScriptsPlanContext, Topology } from '../../src-main/contract/wire.ts';
import { call } from '../api/client.ts';

export interface PreparationAnswers {
  planId: string | null;
  topology: Topology;
  copyMethod: CopyMethod;
  zone: string;
  dnsServerName: string;
  dnsServerIp: string;
  adServerName: string;
  addressing: AddressingMode;
  machineIds: string[];
}

function emptyAnswers(): PreparationAnswers {
  return {
    planId: null,
    topology: 'same-vm',
    copyMethod: 'hyper-v-replication',
    zone: '',
    dnsServerName: '',
    dnsServerIp: '',
    adServerName: '',
    addressing: 'static',
    machineIds: [],
  };
}

export const useScriptsStore = defineStore('scripts', () => {
  const plans = ref<ScriptsPlanContext[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const step = ref(1);
  const answers = ref<PreparationAnswers>(emptyAnswers());
  const result = ref<PreparationPackage | null>(null);
  const generating = ref(false);
  const added = ref<AddedToPlan | null>(null);
  const adding = ref(false);

  const plan = computed(() => plans.value.find((candidate) => candidate.id === answers.value.planId) ?? null);
  /** Plan members with a static test address: the machines whose DNS records can be updated. */
  const recordCandidates = computed(() => plan.value?.groups.flatMap((group) => group.members).filter((member) => member.addresses.length > 0) ?? []);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      plans.value = (await call('scripts:context', {})).plans;
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      loading.value = false;
    }
  }

  /** Choosing a plan fills every answer the estate can suggest; the operator may change each. */
  function choosePlan(planId: string): void {
    const chosen = plans.value.find((candidate) => candidate.id === planId);
    if (!chosen) return;
    const suggested = chosen.suggestions;
    answers.value = {
      ...answers.value,
      planId,
      topology: suggested.topology,
      zone: suggested.zone ?? '',
      dnsServerName: suggested.dnsServerName ?? '',
      dnsServerIp: suggested.dnsServerIp ?? '',
      adServerName: suggested.adServerName ?? '',
      addressing: suggested.addressing,
      machineIds: [...suggested.machineIds],
    };
    result.value = null;
    added.value = null;
  }

  function request(): InputOf<'scripts:checklist'> {
    const value = answers.value;
    return {
      planId: value.planId ?? '',
      topology: value.topology,
      copyMethod: value.copyMethod,
      zone: value.zone,
      dnsServerName: value.dnsServerName,
      dnsServerIp: value.dnsServerIp,
      ...(value.topology === 'separate-vms' ? { adServerName: value.adServerName } : {}),
      addressing: value.addressing,
      machineIds: [...value.machineIds],
    };
  }

  /** Asks the engine for the checklist and scripts; its refusal (with the reason) is shown as the error. */
  async function generate(): Promise<boolean> {
    generating.value = true;
    added.value = null;
    try {
      result.value = await call('scripts:checklist', request());
      error.value = null;
      return true;
    } catch (failure) {
      result.value = null;
      error.value = (failure as Error).message;
      return false;
    } finally {
      generating.value = false;
    }
  }

  async function addToPlan(): Promise<void> {
    adding.value = true;
    try {
      added.value = await call('scripts:add-to-plan', request());
      error.value = null;
      await load();
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      adding.value = false;
    }
  }

  function restart(): void {
    answers.value = emptyAnswers();
    result.value = null;
    added.value = null;
    error.value = null;
    step.value = 1;
  }

  return { plans, loading, error, step, answers, result, generating, added, adding, plan, recordCandidates, load, choosePlan, generate, addToPlan, restart };
});
