// Jobs: the filtered list and the job open in the detail view, kept live from `jobs:progress` (coalesced by
// the engine). Only this store calls the bridge for jobs; every decision goes to the engine, which says in
// `actions` what it accepts next (R19). The detail never holds a job's tree: the engine sums it up
// (`jobs:outline`) and hands out the window of rows in view (`jobs:rows`); changes patch the rows loaded.
import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import { jobFields, type JobFields, type JobOutline, type JobProgress, type JobRows, type JobView, type StepFailure, type StepHistoryEntry } from '../../src-main/contract/jobs.ts';
import type { CleanupEntry, GroupSummary, JobStatus, JobSummary, OperationKind, StepNode, StepRow, TestVerdict } from '../../src-main/contract/wire.ts';
import { ApiError, call, on } from '../api/client.ts';
import { useConnectionStore } from './connection.ts';
import { isStale } from './job-freshness.ts';

export interface JobFilter {
  status: JobStatus | null;
  operation: OperationKind | null;
  planId: string | null;
}

/** The job open in the detail view: its own fields, decisions and cleanup ledger, never its tree. */
export type JobDetail = JobFields & { cleanup: CleanupEntry[] };

/** While a job runs, what changed is fetched at most this often (`jobs:changes`: kilobytes, not the whole tree). */
const CHANGES_INTERVAL_MS = 300;
/** Group counts, the rows in view and the timeline are re-read at most this often while steps move. */
const SUMMARY_INTERVAL_MS = 1_000;
/**
 * ...and never more often than ten times what the last re-read took: summing up a 10,000-machine job costs the
 * engine a few hundred milliseconds, and a watching console must not take more than a tenth of its time.
 */
const SUMMARY_COST_FACTOR = 10;
/** Rows fetched around the ones in view, so a short scroll needs no request. */
export const ROW_MARGIN = 300;
/** The jobs the list paints first, newest first: more than its window shows. */
const LIST_FIRST_PAGE = 100;
/** The rows a first paint asks for: more than a tall window shows. */
const FIRST_ROWS = 200;

/** The timeline's steps: those that moved last, the changes' copies winning (the outline's at most 60 plus these). */
function newestMovers(held: readonly StepNode[], changed: readonly StepNode[], limit = 60): StepNode[] {
  const byId = new Map(held.map((node) => [node.id, node]));
  for (const node of changed) if (node.startedAt || node.endedAt) byId.set(node.id, node);
  const moved = (node: StepNode) => node.endedAt ?? node.startedAt ?? '';
  return [...byId.values()].sort((a, b) => (moved(a) < moved(b) ? 1 : moved(a) > moved(b) ? -1 : 0)).slice(0, limit);
}

const AT_REST: ReadonlySet<JobStatus> = new Set(['waiting-for-operator', 'succeeded', 'partially-succeeded', 'failed', 'cancelled', 'completed-by-force']);

export const useJobsStore = defineStore('jobs', () => {
  const jobs = shallowRef<JobSummary[]>([]);
  const filter = ref<JobFilter>({ status: null, operation: null, planId: null });
  const listLoading = ref(false);
  const listError = ref<string | null>(null);

  const job = shallowRef<JobDetail | null>(null);
  const jobError = ref<string | null>(null);
  const jobLoading = ref(false);
  /** Summaries computed by the engine (R19): groups by status, steps needing the operator, newest movers. */
  const groups = shallowRef<GroupSummary[]>([]);
  const attention = shallowRef<StepNode[]>([]);
  const recent = shallowRef<StepNode[]>([]);
  /** The job's latest step failures from the audit trail (the timeline keeps them after a Retry). */
  const failures = shallowRef<StepFailure[]>([]);
  /** The window of visible rows loaded: `rows[0]` is row number `rowsOffset` of `rowsTotal`. */
  const rows = shallowRef<StepRow[]>([]);
  const rowsOffset = ref(0);
  const rowsTotal = ref(0);
  /** Which containers are open: all or none, except those toggled. */
  const expandAll = ref(false);
  const toggled = shallowRef<ReadonlySet<string>>(new Set());
  /** Bumped when a loaded row or summary changed in place (shallow state). */
  const stepsVersion = ref(0);
  const busy = ref(false);

  let refetchTimer: ReturnType<typeof setTimeout> | undefined;
  let summaryTimer: ReturnType<typeof setTimeout> | undefined;
  let lastFetch = 0;
  let lastSummary = 0;
  /** How long the last summary re-read took (ms), which paces the next (per job: reset when another opens). */
  let lastSummaryCost = 0;
  let wantedRows = { offset: 0, limit: FIRST_ROWS };
  let since = '';
  /** The status the engine last reported in a read (progress events patch `job.status` in between). */
  let readStatus: JobStatus | null = null;
  let rowIndex = new Map<string, number>();
  /** The rows asked for last: an older answer arriving later is dropped. */
  let rowsRequest = 0;
  let listTimer: ReturnType<typeof setTimeout> | undefined;
  /** The list asked for last (a filter changed meanwhile): an older answer is dropped. */
  let listRequest = 0;

  async function loadList(): Promise<void> {
    listLoading.value = true;
    const request = ++listRequest;
    try {
      const { status, operation, planId } = filter.value;
      const input = { ...(status ? { status } : {}), ...(operation ? { operation } : {}), ...(planId ? { planId } : {}) };
      // The newest page paints first; the rest of a long list (10,000 jobs: megabytes) follows in one read.
      const first = await call('jobs:list', { limit: LIST_FIRST_PAGE, ...input });
      if (request !== listRequest) return;
      jobs.value = first;
      listError.value = null;
      listLoading.value = false;
      if (first.length < LIST_FIRST_PAGE) return;
      const all = await call('jobs:list', { limit: 10_000, ...input });
      if (request === listRequest) jobs.value = all;
    } catch (failure) {
      if (request === listRequest) listError.value = (failure as Error).message;
    } finally {
      if (request === listRequest) listLoading.value = false;
    }
  }

  function setFilter(patch: Partial<JobFilter>): Promise<void> {
    filter.value = { ...filter.value, ...patch };
    return loadList();
  }

  async function loadJob(jobId: string): Promise<void> {
    const same = job.value?.id === jobId;
    if (!same) {
      job.value = null;
      jobLoading.value = true;
    }
    try {
      lastFetch = Date.now();
      // The same job again (it came to rest, a conflict): the operator's open containers and scroll stay.
      // The ledger (one entry per test machine: megabytes for 10,000) follows the first paint.
      const outline = await call('jobs:outline', { jobId, ...(same ? {} : { rowLimit: FIRST_ROWS }) });
      setOutline(outline, true);
      void loadCleanup(jobId);
      if (same) await loadRows(rowsOffset.value, Math.max(rows.value.length, FIRST_ROWS));
      else {
        expandAll.value = outline.expandAll;
        toggled.value = new Set();
        setRows(outline.rows ?? { total: 0, offset: 0, rows: [] });
      }
      jobError.value = null;
    } catch (failure) {
      jobError.value = (failure as Error).message;
    } finally {
      jobLoading.value = false;
    }
  }

  function setOutline(outline: JobOutline, whole: boolean): void {
    const shown = job.value?.id === outline.job.id ? job.value : null;
    const cleanup = outline.cleanup ?? shown?.cleanup ?? [];
    if (!isStale(shown, outline.job)) job.value = { ...outline.job, cleanup };
    groups.value = outline.groups;
    attention.value = outline.attention;
    recent.value = outline.recent;
    failures.value = outline.failures;
    lastSummary = Date.now();
    if (whole) {
      since = outline.at;
      readStatus = outline.job.status;
    }
    stepsVersion.value += 1;
  }

  async function loadCleanup(jobId: string): Promise<void> {
    const current = job.value;
    if (current?.id !== jobId || current.operation !== 'test-failover') return;
    const cleanup = await call('jobs:cleanup', { jobId }).catch((failure: unknown) => {
      jobError.value = (failure as Error).message;
      return null;
    });
    // Entries the changes brought meanwhile are in the read too (it is newer than they are).
    if (cleanup && job.value?.id === jobId) job.value = { ...job.value, cleanup };
  }

  function setRows(window: JobRows): void {
    rows.value = window.rows;
    rowsOffset.value = window.offset;
    rowsTotal.value = window.total;
    rowIndex = new Map(window.rows.map((row, position) => [row.node.id, position]));
  }

  /** Reads the rows [offset, offset + limit) as the tree is open now; a newer request wins. */
  async function loadRows(offset: number, limit: number): Promise<void> {
    const current = job.value;
    if (!current) return;
    // The window last asked for: a re-read refreshes it, not the one loaded before a scroll whose reply is due.
    wantedRows = { offset, limit };
    const request = ++rowsRequest;
    const window = await call('jobs:rows', { jobId: current.id, expandAll: expandAll.value, toggled: [...toggled.value], offset, limit: Math.max(1, Math.min(1_000, limit)) });
    if (request !== rowsRequest || job.value?.id !== current.id) return;
    setRows(window);
  }

  /** The tree shows rows [first, last): fetched with a margin when the loaded window does not hold them. */
  function ensureRows(first: number, last: number): void {
    const loadedEnd = rowsOffset.value + rows.value.length;
    const wanted = Math.min(last, rowsTotal.value);
    if (first >= rowsOffset.value && wanted <= loadedEnd) return;
    const offset = Math.max(0, first - ROW_MARGIN);
    void loadRows(offset, last - offset + ROW_MARGIN).catch((failure: unknown) => (jobError.value = (failure as Error).message));
  }

  function openState(all: boolean, changed: ReadonlySet<string>): Promise<void> {
    expandAll.value = all;
    toggled.value = changed;
    return loadRows(rowsOffset.value, Math.max(rows.value.length, FIRST_ROWS));
  }

  function toggle(containerId: string): Promise<void> {
    const next = new Set(toggled.value);
    if (next.has(containerId)) next.delete(containerId);
    else next.add(containerId);
    return openState(expandAll.value, next);
  }

  /** Group counts, the rows in view, failed steps and the timeline, re-read (cheap: no tree crosses). */
  async function refreshSummary(): Promise<void> {
    const current = job.value;
    if (!current) return;
    lastSummary = Date.now();
    const [outline] = await Promise.all([call('jobs:outline', { jobId: current.id }), loadRows(wantedRows.offset, Math.max(wantedRows.limit, 1))]);
    lastSummaryCost = Date.now() - lastSummary;
    if (job.value?.id !== current.id) return;
    // The job's own fields stay as the latest changes or progress said; the summaries are the outline's. Its
    // actions go with its revision: a read from before a decision would offer that decision again.
    groups.value = outline.groups;
    attention.value = outline.attention;
    recent.value = outline.recent;
    failures.value = outline.failures;
    if (!isStale(job.value, outline.job)) job.value = { ...job.value, revision: outline.job.revision, actions: outline.job.actions };
    stepsVersion.value += 1;
  }

  function scheduleSummary(): void {
    const current = job.value;
    if (!current || summaryTimer) return;
    const wait = Math.max(0, Math.max(SUMMARY_INTERVAL_MS, SUMMARY_COST_FACTOR * lastSummaryCost) - (Date.now() - lastSummary));
    summaryTimer = setTimeout(() => {
      summaryTimer = undefined;
      if (job.value?.id === current.id) void refreshSummary().catch((failure: unknown) => (jobError.value = (failure as Error).message));
    }, wait);
  }

  /** Merges what changed since the last read into the rows loaded; a job that came to rest is read again (R19). */
  async function fetchChanges(): Promise<void> {
    const current = job.value;
    if (!current) return;
    lastFetch = Date.now();
    const changes = await call('jobs:changes', { jobId: current.id, since });
    const live = job.value; // progress events may have replaced the top-level object meanwhile
    if (live?.id !== current.id) return;
    // Read before a decision whose reply came first: read again from the same point.
    if (isStale(live, changes.job)) return scheduleRefetch();
    if (AT_REST.has(changes.job.status) && changes.job.status !== readStatus) return loadJob(current.id);
    let patched = false;
    for (const node of changes.steps) {
      const position = rowIndex.get(node.id);
      const row = position === undefined ? undefined : rows.value[position];
      if (row) {
        rows.value[position!] = { ...row, node };
        patched = true;
      }
    }
    if (patched) triggerRef(rows);
    if (changes.steps.length > 0) recent.value = newestMovers(recent.value, changes.steps);
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
    // Counts of containers and groups depend on steps not loaded here: the engine sums them again, shortly.
    if (changes.steps.length > 0) scheduleSummary();
    stepsVersion.value += 1;
  }

  function closeJob(): void {
    clearTimeout(refetchTimer);
    clearTimeout(summaryTimer);
    refetchTimer = undefined;
    summaryTimer = undefined;
    job.value = null;
    jobError.value = null;
    rows.value = [];
    rowsTotal.value = 0;
    rowsOffset.value = 0;
    lastSummaryCost = 0;
    wantedRows = { offset: 0, limit: FIRST_ROWS };
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
    if (current && current.id === progress.jobId && !isStale(current, progress)) {
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
  // Back after a lost connection: what changed meanwhile, from where the open job's view left off (`since`).
  useConnectionStore().onResume(() => {
    if (job.value) void fetchChanges().catch((failure: unknown) => (jobError.value = (failure as Error).message));
    if (jobs.value.length > 0) void loadList();
  });

  /** Runs one operator decision; the engine's reply (with its next actions) replaces the job. */
  async function decide(run: (jobId: string, revision: number) => Promise<JobView>): Promise<void> {
    const current = job.value;
    if (!current) return;
    busy.value = true;
    try {
      // The reply carries the job's fields and next actions; the tree's rows and summaries are re-read windowed.
      const reply = await run(current.id, current.revision);
      const fields = jobFields(reply);
      if (job.value?.id === reply.id && !isStale(job.value, fields)) {
        job.value = { ...fields, cleanup: reply.cleanup };
        readStatus = fields.status;
      }
      await refreshSummary();
      scheduleRefetch();
    } catch (failure) {
      // Someone decided first (compare-and-set): show the job as it is now, so the next decision is taken on it.
      if (failure instanceof ApiError && failure.code === 'CONFLICT') void loadJob(current.id);
      throw failure;
    } finally {
      busy.value = false;
    }
  }

  /** R10: the plan's latest test failover that was given a verdict, if any. */
  async function latestTest(planId: string): Promise<JobSummary | undefined> {
    const tests = await call('jobs:list', { planId, operation: 'test-failover', limit: 50 });
    return tests.find((test) => test.verdict !== undefined);
  }

  /** The open job's step, as the audit trail tells it (every attempt, every decision on it). */
  async function stepHistory(stepId: string): Promise<StepHistoryEntry[]> {
    const current = job.value;
    if (!current) return [];
    return call('jobs:step-history', { jobId: current.id, stepId });
  }

  return {
    latestTest,
    stepHistory,
    jobs,
    filter,
    listLoading,
    listError,
    job,
    jobError,
    jobLoading,
    groups,
    attention,
    recent,
    failures,
    rows,
    rowsOffset,
    rowsTotal,
    expandAll,
    stepsVersion,
    ensureRows,
    toggle,
    setExpandAll: (all: boolean) => openState(all, new Set()),
    busy,
    loadList,
    setFilter,
    loadJob,
    closeJob,
    // Each decision carries the revision of the job the operator was shown (compare-and-set): if someone else
    // decided meanwhile, the engine refuses with CONFLICT saying what they did.
    confirm: (stepId: string, note: string) => decide((jobId, revision) => call('jobs:confirm', { jobId, revision, stepId, ...(note ? { note } : {}) })),
    completeTest: (notes: string, verdict: TestVerdict) => decide((jobId, revision) => call('jobs:complete-test', { jobId, revision, notes, verdict })),
    completeFailover: () => decide((jobId, revision) => call('jobs:complete-failover', { jobId, revision })),
    retry: () => decide((jobId, revision) => call('jobs:retry', { jobId, revision })),
    retryStep: (stepId: string) => decide((jobId, revision) => call('jobs:retry', { jobId, revision, stepId })),
    cancel: () => decide((jobId, revision) => call('jobs:cancel', { jobId, revision })),
    saveNotes: (notes: string) => decide((jobId, revision) => call('jobs:notes', { jobId, revision, notes })),
    markStepDone: (stepId: string, note: string) => decide((jobId, revision) => call('jobs:mark-step-done', { jobId, revision, stepId, note })),
  };
});
