// Wizard 5 (AD/DNS preparation) state. Only this store calls the bridge; the engine validates every value
// and builds the checklist and scripts, the store keeps the answers and the outcome.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AddedToPlan } from '../../src-main/contract/scripts.ts';
import type { InputOf } from '../../src-main/contract/index.ts';
import type { AddressingMode, CopyMethod, NetworkOption, PreparationPackage, ScriptsPlanContext, TestNetworkChoice, Topology } from '../../src-main/contract/wire.ts';
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
  /** R12/R18: the drill's test network; the records get the addresses the IP plan gives there. */
  testNetwork: TestNetworkChoice | null;
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
    testNetwork: null,
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

  /** The test failover wizard's network options for the plan (the engine's networks:options, R11/R12). */
  const networkOptions = ref<NetworkOption[]>([]);
  /** The chosen plan as the chosen test network addresses it (scripts:plan-context). */
  const planInNetwork = ref<ScriptsPlanContext | null>(null);
  const plan = computed(() => planInNetwork.value ?? plans.value.find((candidate) => candidate.id === answers.value.planId) ?? null);
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

  /**
   * R12/R18: the plan's machines as the chosen test network addresses them; the records to update are suggested
   * again, as the addresses changed.
   */
  async function chooseNetwork(choice: TestNetworkChoice): Promise<void> {
    const planId = answers.value.planId;
    if (!planId) return;
    answers.value.testNetwork = choice;
    try {
      const context = await call('scripts:plan-context', { planId, testNetwork: choice });
      if (answers.value.planId !== planId) return;
      planInNetwork.value = context;
      answers.value.machineIds = [...context.suggestions.machineIds];
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    }
    result.value = null;
    added.value = null;
  }

  /** The isolated network a drill would use by default: the first available one that is not "no network". */
  async function loadNetworks(planId: string): Promise<void> {
    try {
      networkOptions.value = await call('networks:options', { scope: { planId } });
    } catch (failure) {
      networkOptions.value = [];
      error.value = (failure as Error).message;
      return;
    }
    const preferred = networkOptions.value.find((option) => option.available && option.isolated && option.choice.option !== 'none') ?? networkOptions.value.find((option) => option.available);
    if (preferred) await chooseNetwork(preferred.choice);
  }

  /** Choosing a plan fills every answer the estate can suggest; the operator may change each. */
  function choosePlan(planId: string): void {
    const chosen = plans.value.find((candidate) => candidate.id === planId);
    if (!chosen) return;
    planInNetwork.value = null;
    networkOptions.value = [];
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
      testNetwork: null,
    };
    result.value = null;
    added.value = null;
    void loadNetworks(planId);
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
      ...(value.testNetwork ? { testNetwork: value.testNetwork } : {}),
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
    planInNetwork.value = null;
    networkOptions.value = [];
    result.value = null;
    added.value = null;
    error.value = null;
    step.value = 1;
  }

  return { plans, loading, error, step, answers, result, generating, added, adding, plan, recordCandidates, networkOptions, load, choosePlan, chooseNetwork, generate, addToPlan, restart };
});
