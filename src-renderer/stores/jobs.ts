// Jobs: the filtered list and the job open in the detail view, kept live from `jobs:progress` (coalesced by
// the engine). Only this store calls the bridge for jobs; every decision goes to the engine, which says in
// `actions` what it accepts next (R19).
import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { JobProgress, JobView } from '../../src-main/contract/jobs.ts';
import type { JobStatus, JobSummary } from '../../src-main/engine/jobs/job-model.ts';
import type { OperationKind } from '../../src-main/engine/model/operation.ts';
import { call, on } from '../api/client.ts';

export interface JobFilter {
  status: JobStatus | null;
  operation: OperationKind | null;
  planId: string | null;
}

/** A big job's full tree is refetched less often; the progress event patches it in between. */
function refetchIntervalMs(steps: number): number {
  return steps > 2_000 ? 1_500 : 300;
}

export const useJobsStore = defineStore('jobs', () => {
  const jobs = shallowRef<JobSummary[]>([]);
  const filter = ref<JobFilter>({ status: null, operation: null, planId: null });
  const listLoading = ref(false);
  const listError = ref<string | null>(null);

  const job = shallowRef<JobView | null>(null);
  const jobError = ref<string | null>(null);
  const jobLoading = ref(false);
  /** Bumped when a step of `job` changed in place (shallow state: a 2,000-machine tree is not made deep-reactive). */
  const stepsVersion = ref(0);
  const busy = ref(false);

  let refetchTimer: ReturnType<typeof setTimeout> | undefined;
  let lastFetch = 0;
  let listTimer: ReturnType<typeof setTimeout> | undefined;

  async function loadList(): Promise<void> {
    listLoading.value = true;
    try {
      const { status, operation, planId } = filter.value;
      jobs.value = await call('jobs:list', { limit: 10_000, ...(status ? { status } : {}), ...(operation ? { operation } : {}), ...(planId ? { planId } : {}) });
      listError.value = null;
    } catch (failure) {
      listError.value = (failure as Error).message;
    } finally {
      listLoading.value = false;
    }
  }

  function setFilter(patch: Partial<JobFilter>): Promise<void> {
    filter.value = { ...filter.value, ...patch };
    return loadList();
  }

  async function loadJob(jobId: string): Promise<void> {
    if (job.value?.id !== jobId) {
      job.value = null;
      jobLoading.value = true;
    }
    try {
      lastFetch = Date.now();
      job.value = await call('jobs:get', { jobId });
      jobError.value = null;
    } catch (failure) {
      jobError.value = (failure as Error).message;
    } finally {
      jobLoading.value = false;
    }
  }

  function closeJob(): void {
    clearTimeout(refetchTimer);
    refetchTimer = undefined;
    job.value = null;
    jobError.value = null;
  }

  function scheduleRefetch(): void {
    const current = job.value;
    if (!current || refetchTimer) return;
    const wait = Math.max(0, refetchIntervalMs(current.steps.length) - (Date.now() - lastFetch));
    refetchTimer = setTimeout(() => {
      refetchTimer = undefined;
      if (job.value?.id === current.id) void loadJob(current.id);
    }, wait);
  }

  /** Applies a progress report at once (header figures, the one step it names), then refetches the tree. */
  function applyProgress(progress: JobProgress): void {
    const current = job.value;
    if (current && current.id === progress.jobId) {
      Object.assign(current, { status: progress.status, phase: progress.phase, progress: progress.progress });
      if (progress.step) {
        const node = current.steps.find((candidate) => candidate.id === progress.step?.id);
        if (node) node.status = progress.step.status;
      }
      stepsVersion.value += 1;
      triggerRef(job);
      scheduleRefetch();
    }
    const listed = jobs.value.find((summary) => summary.id === progress.jobId);
    if (listed) {
      Object.assign(listed, { status: progress.status, phase: progress.phase, progress: progress.progress });
      triggerRef(jobs);
    } else if (!listTimer) {
      // A job this list has not seen: reload once, shortly (many events may arrive together).
      listTimer = setTimeout(() => {
        listTimer = undefined;
        void loadList();
      }, 250);
    }
  }

  on('jobs:progress', applyProgress);

  /** Runs one operator decision; the engine's reply (with its next actions) replaces the job. */
  async function decide(run: (jobId: string) => Promise<JobView>): Promise<void> {
    const current = job.value;
    if (!current) return;
    busy.value = true;
    try {
      job.value = await run(current.id);
      stepsVersion.value += 1;
      scheduleRefetch();
    } finally {
      busy.value = false;
    }
  }

  return {
    jobs,
    filter,
    listLoading,
    listError,
    job,
    jobError,
    jobLoading,
    stepsVersion,
    busy,
    loadList,
    setFilter,
    loadJob,
    closeJob,
    confirm: (stepId: string, note: string) => decide((jobId) => call('jobs:confirm', { jobId, stepId, ...(note ? { note } : {}) })),
    completeTest: (notes: string) => decide((jobId) => call('jobs:complete-test', { jobId, notes })),
    completeFailover: () => decide((jobId) => call('jobs:complete-failover', { jobId })),
    retry: () => decide((jobId) => call('jobs:retry', { jobId })),
    cancel: () => decide((jobId) => call('jobs:cancel', { jobId })),
    saveNotes: (notes: string) => decide((jobId) => call('jobs:notes', { jobId, notes })),
    markStepDone: (stepId: string, note: string) => decide((jobId) => call('jobs:mark-step-done', { jobId, stepId, note })),
  };
});
