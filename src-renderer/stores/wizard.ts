// Wizards 1–4 (test, planned, unplanned failover, failback) and the operations started from a plan (commit,
// change recovery point, reverse replication). The store keeps the answers; every verdict comes from the
// engine (preflight:run, networks:options, ip:plan, failback:hosts), never from the renderer.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { OutputOf } from '../../src-main/contract/index.ts';
import type { JobProgress } from '../../src-main/contract/jobs.ts';
import type { PreflightResult } from '../../src-main/contract/rules.ts';
import type { AlternateHostOption } from '../../src-main/contract/wizard.ts';
import { isSingleFailover } from '../../src-main/contract/pure.ts';
import type { IpPlanEntry, Job, JobSummary, NetworkOption, OperationKind, OperationRequest, OperationScope, RecoveryPoint, RecoveryPointChoice, TestNetworkChoice } from '../../src-main/contract/wire.ts';
import { call, on } from '../api/client.ts';

export const WIZARD_KINDS = ['test-failover', 'planned-failover', 'unplanned-failover', 'failback'] as const;
export type WizardKind = (typeof WIZARD_KINDS)[number];

export const WIZARD_TITLES: Record<WizardKind, string> = {
  'test-failover': 'Test failover',
  'planned-failover': 'Planned failover',
  'unplanned-failover': 'Unplanned failover',
  failback: 'Failback',
};

/** Operations that change production: the operator types the scope's name to confirm. */
export const DESTRUCTIVE: ReadonlySet<OperationKind> = new Set(['planned-failover', 'unplanned-failover', 'failback', 'commit', 'change-recovery-point']);

export interface WizardAnswers {
  scopeKind: 'plan' | 'item';
  scopeId: string | null;
  direction: { sourceSiteId: string; targetSiteId: string } | null;
  testNetwork: TestNetworkChoice;
  /** R10: on a network not isolated from production, shut the source machines down before the test. */
  shutdownSource: boolean;
  shutdownAndSync: boolean;
  recoveryPointId: string | null;
  /** R6: the kind of point (a custom one is recoveryPointId); null = latest. */
  recoveryPointChoice: RecoveryPointChoice | null;
  sync: 'before' | 'during' | null;
  alternateLocation: boolean;
  alternateHostId: string | null;
  createVmIfMissing: boolean;
  notes: string;
}

function emptyAnswers(): WizardAnswers {
  return {
    scopeKind: 'plan',
    scopeId: null,
    direction: null,
    testNetwork: { option: 'none' },
    shutdownSource: false,
    shutdownAndSync: false,
    recoveryPointId: null,
    recoveryPointChoice: null,
    sync: null,
    alternateLocation: false,
    alternateHostId: null,
    createVmIfMissing: false,
    notes: '',
  };
}

/**
 * A start's client request id: the engine starts one job per id, so a double click or a call retried after a lost
 * reply answers the job the first one started. A new id once a start succeeded, or when a wizard begins again.
 */
function newRequestId(): string {
  return `ui-${crypto.randomUUID()}`;
}

function message(failure: unknown): string {
  return (failure as Error).message;
}

export const useWizardStore = defineStore('wizard', () => {
  const kind = ref<WizardKind>('test-failover');
  const step = ref(1);
  const answers = ref<WizardAnswers>(emptyAnswers());
  const preflight = ref<PreflightResult | null>(null);
  const networkOptions = ref<NetworkOption[]>([]);
  const hosts = ref<AlternateHostOption[]>([]);
  const recoveryPoints = ref<RecoveryPoint[]>([]);
  const ipPlan = ref<IpPlanEntry[]>([]);
  const busy = ref(false);
  /** What the operator typed to confirm a destructive operation (the scope's name). */
  const confirmation = ref('');
  const error = ref<string | null>(null);
  const job = ref<Job | null>(null);
  const progress = ref<JobProgress | null>(null);
  /** The newest jobs, for the command palette. */
  const recentJobs = ref<JobSummary[]>([]);
  let startRequestId = newRequestId();
  let operationRequestId = newRequestId();

  const scope = computed<OperationScope | null>(() => {
    const { scopeKind, scopeId } = answers.value;
    if (!scopeId) return null;
    return scopeKind === 'plan' ? { planId: scopeId } : { itemId: scopeId };
  });

  function begin(next: WizardKind, preset?: OperationScope): void {
    kind.value = next;
    step.value = 1;
    answers.value = emptyAnswers();
    if (preset && 'planId' in preset) answers.value.scopeId = preset.planId;
    if (preset && 'itemId' in preset) answers.value = { ...answers.value, scopeKind: 'item', scopeId: preset.itemId };
    preflight.value = null;
    networkOptions.value = [];
    hosts.value = [];
    recoveryPoints.value = [];
    ipPlan.value = [];
    confirmation.value = '';
    error.value = null;
    job.value = null;
    progress.value = null;
    startRequestId = newRequestId();
  }

  /**
   * R1: VMware and physical servers to Azure have a single Failover; the planned and unplanned wizards both
   * run it, with the unplanned options (recovery point, optional shutdown).
   */
  const singleFailover = computed(() => (kind.value === 'planned-failover' || kind.value === 'unplanned-failover') && isSingleFailover(preflight.value?.direction?.key ?? null));
  const operationKind = computed<WizardKind>(() => (singleFailover.value ? 'unplanned-failover' : kind.value));

  function request(): OperationRequest | null {
    if (!scope.value) return null;
    const value = answers.value;
    const built: OperationRequest = { operation: operationKind.value, scope: scope.value };
    if (value.direction) built.direction = { ...value.direction };
    if (kind.value === 'test-failover') {
      built.testNetwork = { ...value.testNetwork };
      if (value.shutdownSource) built.shutdownSource = true;
      if (value.recoveryPointChoice) built.recoveryPoint = value.recoveryPointChoice;
    }
    if (operationKind.value === 'unplanned-failover') {
      built.shutdownAndSync = value.shutdownAndSync;
      if (value.recoveryPointId) built.recoveryPointId = value.recoveryPointId;
      else if (value.recoveryPointChoice) built.recoveryPoint = value.recoveryPointChoice;
    }
    if (kind.value === 'failback') {
      // R15/R17: a kind of point means the final synchronisation; a custom point is one machine's (rules/failback-point.ts).
      if (value.recoveryPointId) built.recoveryPointId = value.recoveryPointId;
      else if (value.recoveryPointChoice) built.recoveryPoint = value.recoveryPointChoice;
      if (value.sync) built.sync = value.sync;
      if (value.alternateLocation && value.alternateHostId) {
        built.alternateHostId = value.alternateHostId;
        built.createVmIfMissing = value.createVmIfMissing;
      }
    }
    return built;
  }

  async function guarded<T>(work: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    try {
      const result = await work();
      error.value = null;
      return result;
    } catch (failure) {
      error.value = message(failure);
      return null;
    } finally {
      busy.value = false;
    }
  }

  /** Pre-flight for the answers so far; it also tells the direction (R3) the later steps use. */
  async function runPreflight(): Promise<PreflightResult | null> {
    const built = request();
    if (!built) return null;
    const result = await guarded(() => call('preflight:run', built));
    preflight.value = result;
    return result;
  }

  function chooseDirection(direction: { sourceSiteId: string; targetSiteId: string } | null): void {
    answers.value.direction = direction;
    networkOptions.value = [];
    hosts.value = [];
  }

  function settledDirection(): { sourceSiteId: string; targetSiteId: string } | undefined {
    const direction = answers.value.direction ?? preflight.value?.direction;
    return direction ? { sourceSiteId: direction.sourceSiteId, targetSiteId: direction.targetSiteId } : undefined;
  }

  /** What the options step offers, each option as the engine judges it. */
  async function loadOptions(): Promise<void> {
    const current = scope.value;
    if (!current) return;
    const direction = settledDirection();
    const args = direction ? { scope: current, direction } : { scope: current };
    if (kind.value === 'test-failover') {
      networkOptions.value = (await guarded(() => call('networks:options', args))) ?? [];
    }
    if (kind.value === 'failback') {
      hosts.value = (await guarded(() => call('failback:hosts', args))) ?? [];
    }
    if ((kind.value === 'unplanned-failover' || kind.value === 'failback') && 'itemId' in current) {
      const item = await guarded(() => call('items:get', { itemId: current.itemId }));
      recoveryPoints.value = item ? [...item.recoveryPoints].sort((a, b) => b.time.localeCompare(a.time)) : [];
    }
  }

  async function loadIpPlan(): Promise<void> {
    const built = request();
    if (!built) return;
    try {
      ipPlan.value = await call('ip:plan', built);
    } catch {
      // The pre-flight checks already carry the reason (R12/R13) when the plan cannot be computed.
      ipPlan.value = [];
    }
  }

  async function start(): Promise<Job | null> {
    const built = request();
    if (!built) return null;
    const notes = answers.value.notes.trim();
    const requestId = startRequestId;
    const started = await guarded(() => call('jobs:start', { ...built, requestId, ...(notes ? { notes } : {}) }));
    if (started) {
      job.value = started;
      progress.value = null;
      startRequestId = newRequestId();
    }
    return started;
  }

  async function runOperationPreflight(built: OperationRequest): Promise<PreflightResult | null> {
    return guarded(() => call('preflight:run', built));
  }

  /** Commit, change recovery point, reverse replication: started from a plan or an item, after pre-flight. */
  async function runOperation(built: OperationRequest): Promise<OutputOf<'jobs:start'> | null> {
    const checked = await guarded(() => call('preflight:run', built));
    if (!checked) return null;
    if (!checked.mayStart) {
      error.value = checked.checks.filter((check) => check.status === 'fail').map((check) => `${check.ruleId}: ${check.message}`).join(' ');
      return null;
    }
    const requestId = operationRequestId;
    const started = await guarded(() => call('jobs:start', { ...built, requestId }));
    if (started) operationRequestId = newRequestId();
    return started;
  }

  async function loadRecentJobs(): Promise<void> {
    try {
      recentJobs.value = await call('jobs:list', { limit: 20 });
    } catch {
      recentJobs.value = [];
    }
  }

  on('jobs:progress', (payload) => {
    if (job.value && payload.jobId === job.value.id) progress.value = payload;
  });

  return { kind, singleFailover, step, answers, confirmation, preflight, networkOptions, hosts, recoveryPoints, ipPlan, busy, error, job, progress, scope, begin, request, runPreflight, chooseDirection, loadOptions, loadIpPlan, start, runOperationPreflight, runOperation, recentJobs, loadRecentJobs };
});
