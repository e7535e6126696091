// The page and its host (web host): a host that stops answering is said within 2 s, the clocks stop, the
// page reconnects by itself and catches up without a reload; a host restarted since (a new token) is said
// with what to do (docs/decisions.md "Disconnected, reconnecting, caught up").
import { expect, test } from './fixtures.ts';
import { expectAccessible } from './axe.ts';
import { startConsoleHost } from './console-host.ts';
import { invoke, JobsPage, startJob } from './pages/jobs-page.ts';

test('a host that stops answering: "Disconnected — reconnecting" within 2 s, durations stop; back, the page catches up without a reload', async ({ page, host, request }) => {
  await invoke(request, host, 'lab:reset', { timeScale: 0.02 });
  const jobId = await startJob(request, host, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
  const jobs = new JobsPage(page);
  await jobs.openList(host);
  await jobs.openJob(jobId);
  await expect(jobs.status).toHaveText('Running');
  await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toHaveAttribute('data-state', 'connected');
  const running = page.locator('[data-status="running"] .duration').first();
  await expect(running).not.toBeEmpty();

  process.kill(host.pid, 'SIGSTOP'); // hung: the connection stays open and says nothing
  try {
    await expect(banner).toHaveAttribute('data-state', 'reconnecting', { timeout: 2_000 });
    await expect(banner).toContainText('Disconnected — reconnecting');
    const stopped = await running.textContent();
    await page.waitForTimeout(2_500);
    expect(await running.textContent(), 'a running step’s duration does not tick while the host is not heard').toBe(stopped);
    await expectAccessible(page);
    await page.screenshot({ path: 'test-results/connection-reconnecting.png', fullPage: true });
  } finally {
    process.kill(host.pid, 'SIGCONT');
  }
  await expect(banner).toHaveAttribute('data-state', 'connected', { timeout: 10_000 });
  await expect(jobs.status).toHaveText('Succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('job-progress')).toHaveAttribute('aria-valuenow', '100');
  expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce), 'the page was not reloaded').toBe(true);
});

test('a host restarted since the page opened: the page says to open the URL the console printed', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  const port = Number(new URL(host.origin).port);
  await host.stop();
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toHaveAttribute('data-state', 'reconnecting', { timeout: 2_000 });
  const again = await startConsoleHost({ port });
  try {
    await expect(banner).toHaveAttribute('data-state', 'session-ended', { timeout: 10_000 });
    await expect(banner).toContainText('Open the URL it printed when it started');
    await expect(banner).not.toContainText('A valid console token is required');
    await expectAccessible(page);
    // The URL it printed lets the operator straight back in.
    await page.goto(again.url);
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    await expect(banner).toHaveAttribute('data-state', 'connected');
  } finally {
    await again.stop();
  }
});
