// `node scripts/bench-ui.ts`: the Jobs detail of a 2,000- and a 10,000-machine job, and the Jobs list of 10,000
// jobs, in Chromium through the real web host. Prints time to first render, requestAnimationFrame deltas
// (p50/p95/max) while scrolling and while live updates stream, and the page's JavaScript heap. Prints; asserts
// nothing. Record the output in docs/performance.md ("UI"). BENCH_UI_MACHINES=2000,10000 (sizes, comma-separated),
// BENCH_UI_JOBS=10000 (0 skips the list), BENCH_UI_SOAK_MINUTES=10 (the page's memory while a 10,000-machine job
// runs that long; 0 skips it).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import config from '../playwright.config.ts';
import { ensureBuilt } from '../src-main/application/build.ts';
import { createAppContext } from '../src-main/composition/app-context.ts';
import { parseEstate, resolveLabTimes } from '../src-main/domain/estate/load-estate.ts';
import { generateEstate } from '../src-main/domain/estate/generate-estate.ts';
import { writeFinishedJobCopies } from './job-copies.ts';

const SIZES = (process.env.BENCH_UI_MACHINES ?? process.env.BENCH_MACHINES ?? '2000,10000').split(',').map(Number).filter((size) => size > 0);
const LIST_JOBS = Number(process.env.BENCH_UI_JOBS ?? 10_000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 20);
/** Slow enough that the cleanup of 2,000 test machines streams for a few seconds. */
const TIME_SCALE = Number(process.env.BENCH_UI_TIME_SCALE ?? 0.0002);
const SOAK_MINUTES = Number(process.env.BENCH_UI_SOAK_MINUTES ?? 10);
const SOAK_MACHINES = Number(process.env.BENCH_UI_SOAK_MACHINES ?? 10_000);
/** Slow enough that one test failover of 10,000 machines streams for the whole ten minutes (0.05: about two). */
const SOAK_TIME_SCALE = Number(process.env.BENCH_UI_SOAK_TIME_SCALE ?? 0.3);
const ROOT = join(import.meta.dirname, '..');
process.env.FAILOVER_CONSOLE_QUIET = '1';

interface Host {
  origin: string;
  url: string;
  token: string;
  child: ChildProcess;
}

function seed(dataDir: string, machines: number, timeScale = TIME_SCALE): void {
  const app = createAppContext({ dataDir });
  try {
    app.lab.control.reset(parseEstate(resolveLabTimes(generateEstate({ machines, groups: GROUPS }), app.clock.now()), 'generated estate'), { timeScale });
  } finally {
    app.close();
  }
}

/** `jobs` finished test failovers: copies of one real job, written through the engine's own JobStore. */
async function seedJobs(dataDir: string, jobs: number): Promise<void> {
  const app = createAppContext({ dataDir, stepTimeoutMs: 5_000 });
  try {
    await writeFinishedJobCopies(app, jobs);
  } finally {
    app.close();
  }
}

async function startHost(dataDir: string): Promise<Host> {
  const child = spawn(process.execPath, [join(ROOT, 'src-main/composition/web-main.ts'), '--port', '0', '--data-dir', dataDir, '--no-build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
  });
  const parsed = new URL(url);
  return { origin: parsed.origin, url, token: parsed.searchParams.get('token') ?? '', child };
}

async function invoke<T>(host: Host, channel: string, input: unknown): Promise<T> {
  const response = await fetch(`${host.origin}/api/invoke`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` }, body: JSON.stringify({ channel, input }) });
  const envelope = (await response.json()) as { ok: boolean; result?: T; error?: { code: string; message: string } };
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.code} ${envelope.error?.message}`);
  return envelope.result as T;
}

async function waitForStatus(host: Host, jobId: string, statuses: string[]): Promise<void> {
  for (;;) {
    const [summary] = (await invoke<{ id: string; status: string }[]>(host, 'jobs:list', { limit: 1 })).filter((job) => job.id === jobId);
    if (summary && statuses.includes(summary.status)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stats(deltas: number[]): string {
  if (deltas.length === 0) return 'no frames';
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  // A frame longer than 20 ms means at least one missed vsync (16.7 ms ± timer jitter).
  const dropped = deltas.filter((delta) => delta > 20).length;
  return `frames ${deltas.length} · p50 ${at(0.5).toFixed(1)} ms · p95 ${at(0.95).toFixed(1)} ms · max ${sorted.at(-1)!.toFixed(1)} ms · frames over 20 ms: ${dropped}`;
}

// In-page code is passed as strings: the Node-side tsconfig has no DOM types.
const FIRST_RENDER = (jobId: string) => `new Promise((resolve) => {
  const started = performance.now();
  location.hash = '#/jobs/${jobId}';
  const check = () => {
    if (document.querySelector('[data-testid="step-tree"] [data-testid^="step-"]')) {
      requestAnimationFrame(() => {
        const total = performance.now() - started;
        const calls = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/api/invoke') && entry.startTime >= started);
        const fetchMs = Math.max(0, ...calls.map((entry) => entry.responseEnd - entry.startTime));
        resolve({ total, fetchMs, calls: calls.length });
      });
    } else requestAnimationFrame(check);
  };
  check();
})`;

const LIST_FIRST_RENDER = `new Promise((resolve) => {
  const started = performance.now();
  location.hash = '#/jobs';
  const check = () => {
    if (document.querySelector('[data-testid="jobs-table"] a[data-testid^="job-link-"]')) {
      requestAnimationFrame(() => {
        const total = performance.now() - started;
        const calls = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/api/invoke') && entry.startTime >= started);
        const fetchMs = Math.max(0, ...calls.map((entry) => entry.responseEnd - entry.startTime));
        resolve({ total, fetchMs, calls: calls.length, rows: document.querySelectorAll('[data-testid="jobs-table"] tbody tr').length });
      });
    } else requestAnimationFrame(check);
  };
  check();
})`;

/** The element that scrolls: the step tree, or the innermost scrolling element of the jobs table. */
const SCROLLER = (selector: string) => `(() => {
  const root = document.querySelector('${selector}');
  if (root.scrollHeight > root.clientHeight + 1) return root;
  return [...root.querySelectorAll('*')].find((element) => element.scrollHeight > element.clientHeight + 100 && getComputedStyle(element).overflowY !== 'visible');
})()`;

const SCROLL = (pixelsPerFrame: number, selector = '[data-testid="step-tree"]') => `new Promise((resolve) => {
  const scroller = ${SCROLLER(selector)};
  scroller.scrollTop = 0;
  const deltas = [];
  let last = performance.now();
  const frame = (now) => {
    deltas.push(now - last);
    last = now;
    if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1 || deltas.length > 600) return resolve({ deltas: deltas.slice(1), rows: scroller.scrollHeight / 36 });
    scroller.scrollTop += ${pixelsPerFrame};
    requestAnimationFrame(frame);
  };
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(frame); });
})`;

const RECORD_UNTIL_DONE = `new Promise((resolve) => {
  const deltas = [];
  let last = performance.now();
  const frame = (now) => {
    deltas.push(now - last);
    last = now;
    const status = document.querySelector('[data-testid="job-status"]')?.textContent?.trim();
    if (status === 'Succeeded' || status === 'Failed' || deltas.length > 3600) return resolve({ deltas: deltas.slice(1), status });
    requestAnimationFrame(frame);
  };
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(frame); });
})`;

/** BENCH_UI_PROFILE=first|scroll|live|list-first|list-scroll prints the renderer's hottest functions (self samples) for that phase. */
async function profile(page: Page, phase: string): Promise<() => Promise<void>> {
  if (process.env.BENCH_UI_PROFILE !== phase) return async () => undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return async () => {
    const { profile: result } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[] } };
    // The whole profile too, for Chromium's DevTools (Performance → Load profile).
    writeFileSync(join(tmpdir(), `fc-bench-ui-${phase}.cpuprofile`), JSON.stringify(result));
    const self = new Map<string, number>();
    for (const node of result.nodes) {
      const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (node.hitCount ?? 0));
    }
    for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) process.stdout.write(`    ${hits} ${key}\n`);
  };
}

/**
 * BENCH_UI_TRACE=<phase> records Chromium's timeline for that phase instead and prints where the renderer's main
 * thread spent it (script, style, layout, paint) — what the JS profile shows only as "(program)".
 */
async function trace(browser: Browser, page: Page, phase: string): Promise<() => Promise<void>> {
  if (process.env.BENCH_UI_TRACE !== phase) return async () => undefined;
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'loading'] });
  return async () => {
    const buffer = await browser.stopTracing();
    writeFileSync(join(tmpdir(), `fc-bench-ui-${phase}.trace.json`), buffer);
    const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { name?: string } }[] };
    const main = traceEvents.find((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
    const totals = new Map<string, number>();
    for (const event of traceEvents) {
      if (!main || event.pid !== main.pid || event.tid !== main.tid || event.ph !== 'X' || !event.dur) continue;
      totals.set(event.name, (totals.get(event.name) ?? 0) + event.dur);
    }
    process.stdout.write('    renderer main thread, total duration by event (nested events counted in their parents too):\n');
    for (const [name, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 16)) process.stdout.write(`    ${(micros / 1000).toFixed(1).padStart(8)} ms ${name}\n`);
  };
}

/** The page's JavaScript heap after a full garbage collection (MiB). */
async function heapMiB(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return `${(usedSize / 1024 / 1024).toFixed(1)} MiB`;
}

async function measure(page: Page, host: Host, jobId: string, machines: number): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  const stopFirstProfile = await profile(page, 'first');
  const stopFirstTrace = await trace(page.context().browser()!, page, 'first');
  const firstRender = (await page.evaluate(FIRST_RENDER(jobId))) as { total: number; fetchMs: number; calls: number };
  await stopFirstTrace();
  await stopFirstProfile();
  await page.getByTestId('job-status').waitFor();
  await page.waitForTimeout(1_000); // let the first render's loads and garbage collection settle
  const heapFirst = await heapMiB(page);
  await page.getByTestId('expand-all').click();
  await page.waitForTimeout(500);
  const stopProfile = await profile(page, 'scroll');
  const stopTrace = await trace(page.context().browser()!, page, 'scroll');
  const expanded = (await page.evaluate(SCROLL(360))) as { deltas: number[]; rows: number };
  await stopTrace();
  await stopProfile();
  const heapExpanded = await heapMiB(page);
  await page.getByTestId('step-tree').evaluate('(element) => (element.scrollTop = 0)');
  // (Optional: the whole-tree detail before windowed views had no Collapse all, and the bench runs against it too.)
  if ((await page.getByTestId('collapse-all').count()) > 0) await page.getByTestId('collapse-all').click();
  process.stdout.write(`  time to first render of the job detail: ${firstRender.total.toFixed(0)} ms (target ≤ 500 ms; the longest of its ${firstRender.calls} API calls took ${firstRender.fetchMs.toFixed(0)} ms); JS heap ${heapFirst}\n`);
  process.stdout.write(`  scrolling, fully expanded (${expanded.rows.toFixed(0)} rows, 360 px/frame, rows fetched as they come into view): ${stats(expanded.deltas)}; JS heap ${heapExpanded}\n`);
  // Streaming with a window open in the middle of the machines, as an operator watching them would.
  await page.getByTestId('expand-all').click();
  await page.getByTestId('step-tree').evaluate('(element) => (element.scrollTop = element.scrollHeight / 2)');
  await page.waitForTimeout(500);
  const cleanupStarted = performance.now();
  const stopLiveProfile = await profile(page, 'live');
  const streaming = page.evaluate(RECORD_UNTIL_DONE) as Promise<{ deltas: number[]; status: string }>;
  await invoke(host, 'jobs:complete-test', { jobId, notes: 'UI benchmark', verdict: 'passed' });
  const live = await streaming;
  await stopLiveProfile();
  process.stdout.write(`  live updates while ${machines} test machines are cleaned up (${((performance.now() - cleanupStarted) / 1000).toFixed(1)} s, ${live.status}): ${stats(live.deltas)}; JS heap after ${await heapMiB(page)}\n`);
}

async function measureList(browser: Browser): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fc-bench-ui-list-'));
  try {
    const seeding = performance.now();
    await seedJobs(dataDir, LIST_JOBS);
    process.stdout.write(`Jobs list: ${LIST_JOBS} finished test failovers seeded through the JobStore in ${((performance.now() - seeding) / 1000).toFixed(1)} s (load average ${loadavg()[0]!.toFixed(1)})\n`);
    const host = await startHost(dataDir);
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(host.url);
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.waitForTimeout(500);
      const stopFirstProfile = await profile(page, 'list-first');
      const stopFirstTrace = await trace(browser, page, 'list-first');
      const first = (await page.evaluate(LIST_FIRST_RENDER)) as { total: number; fetchMs: number; calls: number; rows: number };
      await stopFirstTrace();
      await stopFirstProfile();
      await page.waitForTimeout(1_000);
      const stopScrollProfile = await profile(page, 'list-scroll');
      const stopScrollTrace = await trace(browser, page, 'list-scroll');
      const scrolled = (await page.evaluate(SCROLL(120, '[data-testid="jobs-table"]'))) as { deltas: number[]; rows: number };
      await stopScrollTrace();
      await stopScrollProfile();
      process.stdout.write(`  time to first render of the Jobs list: ${first.total.toFixed(0)} ms (target ≤ 300 ms; the longest of its ${first.calls} API calls took ${first.fetchMs.toFixed(0)} ms; ${first.rows} rows in the DOM)\n`);
      process.stdout.write(`  scrolling the list (120 px/frame): ${stats(scrolled.deltas)}; JS heap ${await heapMiB(page)}\n`);
      await page.close();
    } finally {
      host.child.kill('SIGTERM');
      await new Promise((resolve) => host.child.once('exit', resolve));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureDetail(browser: Browser, machines: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fc-bench-ui-'));
  // Frame times depend on what else the machine runs: the load average is printed with them.
  process.stdout.write(`Job detail: ${machines} machines in ${GROUPS} groups, lab time scale ${TIME_SCALE} (load average ${loadavg()[0]!.toFixed(1)})\n`);
  seed(dataDir, machines);
  const host = await startHost(dataDir);
  try {
    const started = performance.now();
    const job = await invoke<{ id: string; steps: unknown[] }>(host, 'jobs:start', { operation: 'test-failover', scope: { planId: 'plan-gen' }, testNetwork: { option: 'none' } });
    await waitForStatus(host, job.id, ['waiting-for-operator', 'failed']);
    process.stdout.write(`  test failover of ${machines} machines reached Complete testing in ${((performance.now() - started) / 1000).toFixed(1)} s (${job.steps.length} step nodes)\n`);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await measure(page, host, job.id, machines);
    await page.close();
  } finally {
    host.child.kill('SIGTERM');
    await new Promise((resolve) => host.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The page's memory while a 10,000-machine job streams for SOAK_MINUTES: the detail open with every group
 * expanded and the view in the middle of the machines, as an operator would leave it. When a test failover
 * reaches Complete testing its cleanup is started, and when it ends the next one is started and opened, so
 * a job is running the whole time. Every minute: the JS heap after a forced GC, the DOM's element count.
 */
async function measureSoak(browser: Browser): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fc-bench-ui-soak-'));
  process.stdout.write(`Page memory: ${SOAK_MACHINES} machines streaming for ${SOAK_MINUTES} minutes, lab time scale ${SOAK_TIME_SCALE} (load average ${loadavg()[0]!.toFixed(1)})\n`);
  seed(dataDir, SOAK_MACHINES, SOAK_TIME_SCALE);
  const host = await startHost(dataDir);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const start = async () => invoke<{ id: string }>(host, 'jobs:start', { operation: 'test-failover', scope: { planId: 'plan-gen' }, testNetwork: { option: 'none' } });
  const open = async (jobId: string) => {
    await page.evaluate(`location.hash = '#/jobs/${jobId}'`);
    // The new job's detail, not the previous one's Expand all.
    await page.waitForFunction(`document.querySelector('[data-testid="job-progress"]')?.getAttribute('aria-label') === 'Progress of ${jobId}'`);
    await page.getByTestId('expand-all').click();
    await page.getByTestId('step-tree').evaluate('(element) => (element.scrollTop = element.scrollHeight / 2)');
  };
  try {
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    let job = await start();
    await open(job.id);
    let jobs = 1;
    const began = performance.now();
    for (let minute = 1; minute <= SOAK_MINUTES; minute++) {
      while (performance.now() - began < minute * 60_000) {
        await page.waitForTimeout(2_000);
        const [summary] = (await invoke<{ id: string; status: string }[]>(host, 'jobs:list', { limit: 1 })).filter((candidate) => candidate.id === job.id);
        if (summary?.status === 'waiting-for-operator') await invoke(host, 'jobs:complete-test', { jobId: job.id, notes: 'UI soak', verdict: 'passed' });
        else if (summary && ['succeeded', 'failed', 'partially-succeeded', 'cancelled'].includes(summary.status)) {
          job = await start();
          jobs += 1;
          await open(job.id);
        }
      }
      const elements = (await page.evaluate('document.getElementsByTagName("*").length')) as number;
      const status = (await page.getByTestId('job-status').textContent())?.trim();
      process.stdout.write(`  minute ${String(minute).padStart(2)}: JS heap ${await heapMiB(page)}, ${elements} DOM elements, job ${jobs} ${status ?? ''}\n`);
    }
  } finally {
    await page.close();
    host.child.kill('SIGTERM');
    await new Promise((resolve) => host.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  ensureBuilt();
  process.stdout.write(`UI benchmark: ${cpus().length} cores (load average ${loadavg().map((load) => load.toFixed(2)).join(' ')}), Chromium ${config.use?.launchOptions?.executablePath ?? ''}\n`);
  const browser = await chromium.launch({ ...config.use?.launchOptions });
  try {
    for (const machines of SIZES) await measureDetail(browser, machines);
    if (LIST_JOBS > 0) await measureList(browser);
    if (SOAK_MINUTES > 0) await measureSoak(browser);
    process.stdout.write(`  load average after the run: ${loadavg().map((load) => load.toFixed(2)).join(' ')}\n`);
  } finally {
    await browser.close();
  }
}

await main();
