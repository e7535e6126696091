// Jobs: the filtered list and the job open in the detail view, kept live from `jobs:progress` (coalesced by
// the engine). Only this store calls the bridge for jobs; every decision goes to the engine, which says in
// `actions` what it accepts next (R19).
import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { JobProgress, JobView } from '../../src-main/contract/jobs.ts';
import type { JobStatus, JobSummary, OperationKind } from '../../src-main/contract/wire.ts';
import { ApiError, call, on } from '../api/client.ts';

export interface JobFilter {
  status: JobStatus | null;
  operation: OperationKind | null;
  planId: string | null;
}

/** While a job runs, what changed is fetched at most this often (`jobs:changes`: kilobytes, not the whole tree). */
const CHANGES_INTERVAL_MS = 300;

/** The latest instant the loaded job mentions: the first `since` for its changes. */
function latestInstant(job: JobView): string {
  let latest = job.createdAt;
  for (const node of job.steps) {
    if (node.startedAt && node.startedAt > latest) latest = node.startedAt;
    if (node.endedAt && node.endedAt > latest) latest = node.endedAt;
  }
  for (const entry of job.cleanup) {
    if (entry.createdAt > latest) latest = entry.createdAt;
    if (entry.deletedAt && entry.deletedAt > latest) latest = entry.deletedAt;
  }
  return latest;
}

const AT_REST: ReadonlySet<JobStatus> = new Set(['waiting-for-operator', 'succeeded', 'partially-succeeded', 'failed', 'cancelled', 'completed-by-force']);

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
  let since = '';
  /** The status the engine last reported in a read (progress events patch `job.status` in between). */
  let readStatus: JobStatus | null = null;
  let stepIndex = new Map<string, number>();
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
      setJob(await call('jobs:get', { jobId }));
      jobError.value = null;
    } catch (failure) {
      jobError.value = (failure as Error).message;
    } finally {
      jobLoading.value = false;
    }
  }

  function setJob(loaded: JobView): void {
    job.value = loaded;
    since = latestInstant(loaded);
    readStatus = loaded.status;
    stepIndex = new Map(loaded.steps.map((node, position) => [node.id, position]));
    stepsVersion.value += 1;
  }

  /** Merges what changed since the last read; a job that came to rest is read whole once (R19). */
  async function fetchChanges(): Promise<void> {
    const current = job.value;
    if (!current) return;
    lastFetch = Date.now();
    const changes = await call('jobs:changes', { jobId: current.id, since });
    const live = job.value; // progress events may have replaced the top-level object meanwhile
    if (live?.id !== current.id) return;
    if (AT_REST.has(changes.job.status) && changes.job.status !== readStatus) return loadJob(current.id);
    for (const node of changes.steps) {
      const position = stepIndex.get(node.id);
      if (position !== undefined) live.steps[position] = node;
    }
    let cleanup = live.cleanup;
    if (changes.cleanup.length > 0) {
      // A new array: the ledger's table sees the change.
      cleanup = [...live.cleanup];
      const positions = new Map(cleanup.map((entry, position) => [entry.resourceId, position]));
      for (const entry of changes.cleanup) {
        const position = positions.get(entry.resourceId);
        if (position === undefined) cleanup.push(entry);
        else cleanup[position] = entry;
      }
    }
    since = changes.at;
    readStatus = changes.job.status;
    job.value = { ...live, ...changes.job, cleanup };
    stepsVersion.value += 1;
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
    const wait = Math.max(0, CHANGES_INTERVAL_MS - (Date.now() - lastFetch));
    refetchTimer = setTimeout(() => {
      refetchTimer = undefined;
      if (job.value?.id === current.id) void fetchChanges().catch((failure: unknown) => (jobError.value = (failure as Error).message));
    }, wait);
  }

  /** Applies a progress report at once (header figures, the one step it names), then fetches what changed. */
  function applyProgress(progress: JobProgress): void {
    const current = job.value;
    if (current && current.id === progress.jobId) {
      // The header at once (a new top-level object; the tree is shared); the steps with the next changes.
      job.value = { ...current, status: progress.status, phase: progress.phase, progress: progress.progress };
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
  async function decide(run: (jobId: string, revision: number) => Promise<JobView>): Promise<void> {
    const current = job.value;
    if (!current) return;
    busy.value = true;
    try {
      setJob(await run(current.id, current.revision));
      scheduleRefetch();
    } catch (failure) {
      // Someone decided first (compare-and-set): show the job as it is now, so the next decision is taken on it.
      if (failure instanceof ApiError && failure.code === 'CONFLICT') void loadJob(current.id);
      throw failure;
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
    // Each decision carries the revision of the job the operator was shown (compare-and-set): if someone else
    // decided meanwhile, the engine refuses with CONFLICT saying what they did.
    confirm: (stepId: string, note: string) => decide((jobId, revision) => call('jobs:confirm', { jobId, revision, stepId, ...(note ? { note } : {}) })),
    completeTest: (notes: string) => decide((jobId, revision) => call('jobs:complete-test', { jobId, revision, notes })),
    completeFailover: () => decide((jobId, revision) => call('jobs:complete-failover', { jobId, revision })),
    retry: () => decide((jobId, revision) => call('jobs:retry', { jobId, revision })),
    retryStep: (stepId: string) => decide((jobId, revision) => call('jobs:retry', { jobId, revision, stepId })),
    cancel: () => decide((jobId, revision) => call('jobs:cancel', { jobId, revision })),
    saveNotes: (notes: string) => decide((jobId, revision) => call('jobs:notes', { jobId, revision, notes })),
    markStepDone: (stepId: string, note: string) => decide((jobId, revision) => call('jobs:mark-step-done', { jobId, revision, stepId, note })),
  };
});
