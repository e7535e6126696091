// `node scripts/bench-ui.ts`: the Jobs detail of a 2,000-machine job in Chromium, through the real
// web host. Prints time to first render and requestAnimationFrame deltas (p50/p95/max) while scrolling the
// step tree (items collapsed, then fully expanded) and while live updates stream. Prints; asserts nothing.
// Record the output in docs/performance.md ("UI").
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import config from '../playwright.config.ts';
import { ensureBuilt } from '../src-main/application/build.ts';
import { createAppContext } from '../src-main/composition/app-context.ts';
import { parseEstate, resolveLabTimes } from '../src-main/domain/estate/load-estate.ts';
import { generateEstate } from '../src-main/domain/estate/generate-estate.ts';

const MACHINES = Number(process.env.BENCH_MACHINES ?? 2_000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 20);
/** Slow enough that the cleanup of 2,000 test machines streams for a few seconds. */
const TIME_SCALE = Number(process.env.BENCH_UI_TIME_SCALE ?? 0.0002);
const ROOT = join(import.meta.dirname, '..');
process.env.FAILOVER_CONSOLE_QUIET = '1';

interface Host {
  origin: string;
  url: string;
  token: string;
  child: ChildProcess;
}

function seed(dataDir: string): void {
  const app = createAppContext({ dataDir });
  try {
    app.lab.control.reset(parseEstate(resolveLabTimes(generateEstate({ machines: MACHINES, groups: GROUPS }), app.clock.now()), 'generated estate'), { timeScale: TIME_SCALE });
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
    if (document.querySelector('[data-testid="step-tree"] [role="listitem"]')) {
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

const SCROLL = (pixelsPerFrame: number) => `new Promise((resolve) => {
  const scroller = document.querySelector('[data-testid="step-tree"]');
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

/** BENCH_UI_PROFILE=scroll|live prints the renderer's hottest functions (self samples) for that phase. */
async function profile(page: Page, phase: string): Promise<() => Promise<void>> {
  if (process.env.BENCH_UI_PROFILE !== phase) return async () => undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return async () => {
    const { profile: result } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[] } };
    const self = new Map<string, number>();
    for (const node of result.nodes) {
      const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (node.hitCount ?? 0));
    }
    for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) process.stdout.write(`    ${hits} ${key}\n`);
  };
}

async function measure(page: Page, host: Host, jobId: string): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  const firstRender = (await page.evaluate(FIRST_RENDER(jobId))) as { total: number; fetchMs: number; calls: number };
  await page.getByTestId('job-status').waitFor();
  await page.waitForTimeout(1_000); // let the first render's loads and garbage collection settle
  const collapsed = (await page.evaluate(SCROLL(72))) as { deltas: number[]; rows: number };
  await page.getByTestId('expand-all').click();
  const stopProfile = await profile(page, 'scroll');
  const expanded = (await page.evaluate(SCROLL(360))) as { deltas: number[]; rows: number };
  await stopProfile();
  await page.getByTestId('collapse-items').click();
  process.stdout.write(`  time to first render of the job detail: ${firstRender.total.toFixed(0)} ms (target ≤ 500 ms; the longest of its ${firstRender.calls} API calls took ${firstRender.fetchMs.toFixed(0)} ms)\n`);
  process.stdout.write(`  scrolling, machines collapsed (${collapsed.rows.toFixed(0)} rows, 72 px/frame): ${stats(collapsed.deltas)}\n`);
  process.stdout.write(`  scrolling, fully expanded (${expanded.rows.toFixed(0)} rows, 360 px/frame): ${stats(expanded.deltas)}\n`);
  const cleanupStarted = performance.now();
  const stopLiveProfile = await profile(page, 'live');
  const streaming = page.evaluate(RECORD_UNTIL_DONE) as Promise<{ deltas: number[]; status: string }>;
  await invoke(host, 'jobs:complete-test', { jobId, notes: 'UI benchmark' });
  const live = await streaming;
  await stopLiveProfile();
  process.stdout.write(`  live updates while ${MACHINES} test machines are cleaned up (${((performance.now() - cleanupStarted) / 1000).toFixed(1)} s, ${live.status}): ${stats(live.deltas)}\n`);
}

async function main(): Promise<void> {
  ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'fc-bench-ui-'));
  // Frame times depend on what else the machine runs: the load average is printed with them.
  process.stdout.write(`UI benchmark: ${MACHINES} machines in ${GROUPS} groups, lab time scale ${TIME_SCALE}, ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)}), Chromium ${config.use?.launchOptions?.executablePath ?? ''}\n`);
  seed(dataDir);
  const host = await startHost(dataDir);
  const browser = await chromium.launch({ ...config.use?.launchOptions });
  try {
    const started = performance.now();
    const job = await invoke<{ id: string; steps: unknown[] }>(host, 'jobs:start', { operation: 'test-failover', scope: { planId: 'plan-gen' }, testNetwork: { option: 'none' } });
    await waitForStatus(host, job.id, ['waiting-for-operator', 'failed']);
    process.stdout.write(`  test failover of ${MACHINES} machines reached Complete testing in ${((performance.now() - started) / 1000).toFixed(1)} s (${job.steps.length} step nodes)\n`);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await measure(page, host, job.id);
    process.stdout.write(`  load average after the run: ${loadavg()[0]!.toFixed(1)}\n`);
  } finally {
    await browser.close();
    host.child.kill('SIGTERM');
    await new Promise((resolve) => host.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
