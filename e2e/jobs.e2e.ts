import { mkdirSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import { expectAccessible } from './axe.ts';
import { generateEstate } from '../src-main/domain/estate/generate-estate.ts';
import { invoke, JobsPage, startJob } from './pages/jobs-page.ts';

mkdirSync('test-results', { recursive: true });

test('R10 R18 R19: test failover of Contoso Core: manual action, Complete Test with a note, every test resource deleted in the ledger', async ({ page, host, request }) => {
  const jobId = await startJob(request, host, { operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Test-VLAN' } });
  const jobs = new JobsPage(page);
  await jobs.openList(host);
  await expect(jobs.table.getByRole('link', { name: jobId, exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/jobs-list.png' });
  await jobs.openJob(jobId);

  // plan-core has a manual action after Group 3: the job waits for it first, showing its instructions.
  await expect(jobs.phase).toHaveText('At: Manual action');
  await expect(jobs.button('complete-test')).toHaveCount(0);
  await jobs.actions.getByRole('button', { name: /Confirm manual action/ }).click();
  await expect(jobs.dialog.getByTestId('decision-instructions')).not.toBeEmpty();
  await expectAccessible(page, '[role="dialog"]');
  await jobs.decide('Application owners confirmed the web tier answers.');

  // R10: at Complete testing the test machines and the created network are in the ledger, still present.
  await expect(jobs.phase).toHaveText('At: Complete testing');
  await expect(jobs.cleanupSummary).toContainText('still exist');
  await expect(jobs.button('cancel-blocked')).toContainText('R10');
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/job-test-failover-waiting.png', fullPage: true });
  await page.screenshot({ path: 'docs/screenshot.png' });

  await jobs.button('complete-test').click();
  await expect(jobs.dialog.getByTestId('decision-confirm')).toBeDisabled(); // a verdict and notes are required
  await jobs.dialog.getByTestId('decision-note').locator('textarea').fill('Test passed: AD, SQL and the web tier answered in the isolated network.');
  await expect(jobs.dialog.getByTestId('decision-confirm')).toBeDisabled(); // no verdict is chosen for the operator
  await expectAccessible(page, '[role="dialog"]');
  await jobs.decide(undefined, 'passed-with-issues');
  await expect(jobs.status).toHaveText('Succeeded');
  await expect(page.getByTestId('job-verdict')).toHaveText('Passed with issues');
  // Five machines and the created network: every one deleted.
  await expect(jobs.cleanupSummary).toHaveText('All 6 test resources are deleted.');
  await expect(jobs.cleanupLedger.locator('.n-tag', { hasText: 'Deleted' })).toHaveCount(6);
  await expect(jobs.cleanupLedger.locator('.n-tag', { hasText: 'Present' })).toHaveCount(0);
  await expect(jobs.notes).toHaveValue(/Test passed/);
  await expect(jobs.actions.getByRole('button')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/job-test-failover-cleaned-up.png', fullPage: true });
  // The light theme too: every status badge, error text and link keeps AA contrast.
  await page.getByTestId('theme-switch').click();
  await expect(page.getByTestId('theme-switch')).toHaveAttribute('aria-checked', 'false');
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/job-test-failover-light.png', fullPage: true });
  // The plan says how its latest test went, and links to it.
  await page.goto(`${host.url}#/plans/plan-core`);
  await expect(page.getByTestId('plan-last-test')).toContainText('Passed with issues');
  await expect(page.getByTestId('plan-last-test').getByRole('link')).toHaveAttribute('href', `#/jobs/${jobId}`);
});

test('offline first: a site lost mid-job fails its steps with the reason; Retry after the site is back succeeds', async ({ page, host, request }) => {
  // Slow the lab down enough to cut the secondary site while the job runs (pre-flight refuses an unreachable target).
  await invoke(request, host, 'lab:reset', { timeScale: 0.005 });
  const jobId = await startJob(request, host, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
  expect((await invoke(request, host, 'lab:fault', { kind: 'site-unreachable', siteId: 'site-secondary' })).ok).toBe(true);
  const jobs = new JobsPage(page);
  await jobs.openList(host);
  await jobs.openJob(jobId);

  await expect(jobs.status).toHaveText('Failed', { timeout: 30_000 });
  await expect(jobs.failedSteps.getByTestId('failure-reason').first()).toContainText('unreachable');
  await expect(jobs.button('retry')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/job-offline-failed.png', fullPage: true });

  // The operator restores the connection, then re-initiates (R5: completed steps are not repeated).
  await invoke(request, host, 'lab:fault', { kind: 'clear' });
  await jobs.button('retry').click();
  await expect(jobs.dialog.getByTestId('decision-consequence')).toContainText('not repeated');
  await jobs.decide();
  await expect(jobs.status).toHaveText('Succeeded', { timeout: 30_000 });
  await expect(jobs.failedSteps).toHaveCount(0);
  // The failure before the Retry stays in the timeline, with its reason.
  await expect(page.getByTestId('job-timeline').locator('[data-what="failed"]').first()).toHaveAttribute('title', /unreachable/);
  await page.screenshot({ path: 'test-results/job-offline-retried.png', fullPage: true });
});

test('offline first: a failed step done by hand is marked done with a note, and the job goes on', async ({ page, host, request }) => {
  await invoke(request, host, 'lab:reset', { timeScale: 0.005 });
  const jobId = await startJob(request, host, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
  await invoke(request, host, 'lab:fault', { kind: 'site-unreachable', siteId: 'site-secondary' });
  const jobs = new JobsPage(page);
  await jobs.openList(host);
  await jobs.openJob(jobId);
  await expect(jobs.status).toHaveText('Failed', { timeout: 30_000 });
  await invoke(request, host, 'lab:fault', { kind: 'clear' });

  const markDone = jobs.failedSteps.getByRole('button', { name: 'Mark done…' }).first();
  await markDone.click();
  await expect(jobs.dialog.getByTestId('decision-confirm')).toBeDisabled();
  await jobs.decide('Created the replica by hand from the VMM console.');
  await expect(page.locator('[data-status="done-by-operator"]').first()).toBeAttached();
  // Done by hand reads differently from the engine's own success: its own label and colour.
  const byHand = page.locator('[data-status="done-by-operator"] [data-tone]').first();
  await expect(byHand).toHaveAttribute('data-tone', 'operator');
  await expect(byHand).toHaveText('Done by operator');
  // The failure stays visible after Mark done: the step's history has the failed attempt and who marked it done.
  await page.locator('[data-status="done-by-operator"]').first().getByTestId('step-history-button').click();
  const history = page.getByTestId('step-history');
  await expect(history.locator('[data-what="failed"]')).toContainText('unreachable');
  await expect(history.locator('[data-what="marked-done"]')).toContainText('Note: Created the replica by hand from the VMM console.');
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  const reply = await invoke(request, host, 'jobs:get', { jobId });
  const steps = (reply.result as { steps: { status: string; note?: string }[] }).steps;
  expect(steps.find((step) => step.status === 'done-by-operator')?.note).toBe('Created the replica by hand from the VMM console.');
});

test('the jobs list filters by status, operation and plan', async ({ page, host, request }) => {
  await startJob(request, host, { operation: 'test-failover', scope: { planId: 'plan-staging' }, testNetwork: { option: 'none' } });
  await startJob(request, host, { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'none' } });
  const jobs = new JobsPage(page);
  await jobs.openList(host);
  await expect(jobs.table.locator('tbody tr')).toHaveCount(2);
  await jobs.filter('Recovery plan', 'Lab and staging');
  await expect(jobs.table.locator('tbody tr')).toHaveCount(1);
  await jobs.filter('Status', 'Succeeded');
  await expect(jobs.table.getByText('No jobs match these filters.')).toBeVisible();
  await expectAccessible(page);
});

test('a running job\'s progress moves on its page as its steps succeed, never behind the engine\'s own figure (one source)', async ({ page, host, request }) => {
  await invoke(request, host, 'lab:reset', { timeScale: 0.02 });
  const jobId = await startJob(request, host, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
  const jobs = new JobsPage(page);
  await jobs.openList(host);
  await jobs.openJob(jobId);
  const bar = page.getByTestId('job-progress');
  const engine = async () => (await invoke(request, host, 'jobs:get', { jobId })).result as { status: string; progress: number };
  const between: number[] = [];
  for (;;) {
    const before = await engine();
    if (before.status !== 'running') break;
    // Events are coalesced (≤ 20 a second) and streamed: half a second later the page shows at least this figure.
    await page.waitForTimeout(500);
    const shown = Number(await bar.getAttribute('aria-valuenow'));
    expect(shown, `the page showed ${shown}% half a second after the engine said ${before.progress}%`).toBeGreaterThanOrEqual(before.progress);
    if ((await jobs.status.textContent())?.trim() === 'Running' && shown > 0 && shown < 100) between.push(shown);
  }
  expect(between.length, 'figures between 0 and 100 % seen while the job ran').toBeGreaterThan(1);
  expect(new Set(between).size, 'the figure moved while the job ran').toBeGreaterThan(1);
  await expect(jobs.status).toHaveText('Succeeded');
  await expect(bar).toHaveAttribute('aria-valuenow', '100');
});

test('the Jobs list at 1366×768: one line per row and per header, nothing wraps; a value cut short keeps its whole text in a title', async ({ page, host, request }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const jobId = await startJob(request, host, { operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'create', logicalNetwork: 'LN-Test-VLAN' } });
  // The longest operation name, on a machine of a plan (its scope is "machine · plan").
  const unplanned = await startJob(request, host, { operation: 'unplanned-failover', scope: { itemId: 'app03' } });
  const jobs = new JobsPage(page);
  await jobs.openList(host);
  await expect(jobs.table.getByRole('link', { name: jobId, exact: true })).toBeVisible();
  await expect(jobs.table.getByRole('link', { name: unplanned, exact: true })).toBeVisible();
  const cells = await jobs.table.locator('th, td').evaluateAll((elements) =>
    elements.map((cell) => {
      const style = getComputedStyle(cell);
      const lineHeight = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.6;
      const padding = Number.parseFloat(style.paddingTop) + Number.parseFloat(style.paddingBottom);
      const cut = [...cell.querySelectorAll('*'), cell].some((element) => element.scrollWidth > element.clientWidth + 1);
      return { text: cell.textContent?.trim() ?? '', lines: (cell.getBoundingClientRect().height - padding) / lineHeight, cut, titled: cell.querySelector('[title]')?.getAttribute('title') ?? '' };
    }),
  );
  expect(cells.length).toBeGreaterThan(10);
  for (const cell of cells) {
    expect(cell.lines, `"${cell.text}" takes one line`).toBeLessThan(1.9);
    if (cell.cut && cell.text !== '') expect(cell.titled, `"${cell.text}" is cut short: its title holds it whole`).not.toBe('');
  }
  await page.screenshot({ path: 'test-results/jobs-list-1366.png' });
});

test('R7: the dashboard starts with what needs the operator — the failed planned failover and the machines it left running nowhere, each with what to do', async ({ page, host, request }) => {
  await invoke(request, host, 'lab:reset', { timeScale: 0.005 });
  const jobId = await startJob(request, host, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
  await invoke(request, host, 'lab:fault', { kind: 'site-unreachable', siteId: 'site-secondary' });
  await expect.poll(async () => ((await invoke(request, host, 'jobs:get', { jobId })).result as { status: string }).status, { timeout: 30_000 }).toBe('failed');
  await page.goto(host.url);
  const needsYou = page.getByTestId('needs-you');
  await expect(needsYou).toBeVisible();
  // Above everything else on the page, the job first, with its action.
  const first = needsYou.getByTestId('needs-you-entry').first();
  await expect(first).toHaveAttribute('data-kind', 'job');
  await expect(first.getByRole('link')).toHaveText('Planned failover of Contoso Apps');
  await expect(first.getByTestId('needs-you-action')).toContainText('retry the failed steps, or mark done');
  // Its machines were shut down at the source (R5's first phase) and started nowhere (R7).
  const machines = needsYou.locator('[data-kind="machine"]');
  expect(await machines.count()).toBeGreaterThan(0);
  await expect(machines.first()).toContainText('Running nowhere');
  await expect(machines.first().getByRole('link', { name: 'The job that last ran on it' })).toHaveAttribute('href', `#/jobs/${jobId}`);
  const order = await page.locator('h2').allTextContents();
  expect(order[0]).toMatch(/^Needs you \(\d+\)$/);
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/dashboard-needs-you.png', fullPage: true });
  await first.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`#/jobs/${jobId}$`));
});

test('the dashboard shows running jobs with progress, items by state and recovery-point age', async ({ page, host, request }) => {
  const jobId = await startJob(request, host, { operation: 'test-failover', scope: { planId: 'plan-staging' }, testNetwork: { option: 'none' } });
  await invoke(request, host, 'lab:fault', { kind: 'replication-lag', itemId: 'web01', seconds: 7200 });
  await page.goto(host.url);
  await expect(page.getByTestId('active-jobs').getByRole('link', { name: new RegExp(jobId) })).toBeVisible();
  await expect(page.getByTestId('replication-initial-replication')).not.toHaveText('0');
  await expect(page.getByTestId('late-count')).toContainText('late');
  await expect(page.getByTestId('recovery-point-ages').getByText('Late', { exact: true }).first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
});

test('R19: a 2,000-machine job opens windowed: groups with their machines by status, a machine expanded on demand, rows fetched as they scroll in', async ({ page, host, request }) => {
  expect((await invoke(request, host, 'lab:reset', { estate: generateEstate({ machines: 2000, groups: 4 }), timeScale: 0 })).ok).toBe(true);
  const jobId = await startJob(request, host, { operation: 'test-failover', scope: { planId: 'plan-gen' }, testNetwork: { option: 'none' } });
  await expect.poll(async () => (await invoke(request, host, 'jobs:get', { jobId })).result as { status: string } | undefined, { timeout: 30_000 }).toMatchObject({ status: 'waiting-for-operator' });
  const tree: { steps: { id: string; parentId: string | null; kind: string }[] } = (await invoke(request, host, 'jobs:get', { jobId })).result as never;
  const jobs = new JobsPage(page);
  await jobs.openList(host);
  await jobs.openJob(jobId);
  // Closed at first paint: the phases and the gate, not 10,000 rows; nothing of the tree below them is in the page.
  const topLevel = tree.steps.filter((node) => node.parentId === tree.steps[0]!.id);
  await expect(page.getByTestId('step-tree').getByRole('listitem')).toHaveCount(topLevel.length);
  await expect(page.getByText(`${topLevel.length} rows`)).toBeVisible();
  const phase = topLevel[0]!;
  await jobs.step(phase.id).getByRole('button', { name: /^Expand/ }).click();
  const group = tree.steps.find((node) => node.parentId === phase.id && node.kind === 'group')!;
  await expect(jobs.step(group.id).getByTestId('group-summary')).toHaveText('500 succeeded');
  // Open every container: 10,000 rows exist in the engine, a window of them in the page.
  await jobs.button('expand-all').click();
  await expect(page.getByText(`${tree.steps.length - 1} rows`)).toBeVisible();
  expect(await page.getByTestId('step-tree').getByRole('listitem').count()).toBeLessThan(100);
  // Scrolled to the end, the last step arrives from the engine.
  await page.getByTestId('step-tree').evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(jobs.step(tree.steps.at(-1)!.id)).toBeVisible();
  await expectAccessible(page);
});
