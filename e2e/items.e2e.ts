// The item view: Resynchronize for a machine whose replication is unhealthy, through the same pre-flight as every
// operation (as Site Recovery and Hyper-V Replica offer it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { ItemPage } from './pages/item-page.ts';
import { invoke } from './pages/wizard-page.ts';
import { expectAccessible } from './axe.ts';

/** The lab with APP02's replication needing resynchronization. */
function labWithUnhealthyApp02(): unknown {
  const raw = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'resources', 'lab', 'estate.json'), 'utf8')) as { items: { id: string; replication: { state: string } }[] };
  raw.items.find((item) => item.id === 'app02')!.replication.state = 'resynchronizing';
  return raw;
}

test('R9: the item view offers Resynchronize for a machine whose replication is resynchronizing, runs it after pre-flight, and the machine is protected again', async ({ page, host, request }) => {
  expect((await invoke(request, host, 'lab:reset', { estate: labWithUnhealthyApp02(), timeScale: 0 })).ok).toBe(true);
  const item = new ItemPage(page);
  // A healthy machine is not offered it.
  await item.open(host, 'app03');
  await expect(item.replication).toHaveText('Protected');
  await expect(page.getByTestId('item-resynchronize')).toHaveCount(0);

  await item.open(host, 'app02');
  await expect(item.replication).toHaveText('Resynchronizing');
  await page.getByTestId('item-resynchronize').click();
  await expect(item.dialog.locator('[data-testid="check-row"][data-rule="R9"][data-status="pass"]')).toContainText('APP02 is resynchronized from Contoso Primary (VMM) to Contoso Secondary (VMM)');
  await page.keyboard.press('Escape');
  const jobId = await item.runOperation('item-resynchronize');
  await expect.poll(async () => (await invoke<{ status: string }>(request, host, 'jobs:get', { jobId })).result?.status, { timeout: 20_000 }).toBe('succeeded');
  await page.reload();
  await expect(item.replication).toHaveText('Protected');
  await expect(page.getByTestId('item-resynchronize')).toHaveCount(0);
});

test('R7: recovery points read newest first with their kind and age, and the one the replica runs from is marked, on the page and in Change recovery point', async ({ page, host, request }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  // An unplanned failover from the latest app-consistent point: the point in use is then not simply the newest.
  const started = await invoke<{ id: string }>(request, host, 'jobs:start', { operation: 'unplanned-failover', scope: { itemId: 'app03' }, recoveryPoint: 'latest-app-consistent' });
  expect(started.ok).toBe(true);
  await expect.poll(async () => (await invoke<{ failoverState: string }>(request, host, 'items:get', { itemId: 'app03' })).result?.failoverState, { timeout: 20_000 }).toBe('commit-pending');
  const used = (await invoke<{ lastFailover: { recoveryPointId: string } }>(request, host, 'items:get', { itemId: 'app03' })).result!.lastFailover.recoveryPointId;

  const item = new ItemPage(page);
  await item.open(host, 'app03');
  const rows = page.getByTestId('item-recovery-points').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const times = await rows.locator('time').evaluateAll((nodes) => nodes.map((node) => Date.parse(node.getAttribute('datetime') ?? '')));
  expect(times.length).toBeGreaterThan(1);
  expect(times).toEqual([...times].sort((a, b) => b - a));
  for (const row of await rows.all()) {
    await expect(row.locator('td').nth(1)).toHaveText(/^(Crash|App)-consistent$/);
    await expect(row.locator('td').nth(2)).toHaveText(/^(just now|\d+ (min|h|h \d+ min|days?) ago)$/);
  }
  const inUse = page.getByTestId('item-recovery-points').locator('tr[data-in-use]');
  await expect(inUse).toHaveCount(1);
  await expect(inUse).toContainText('App-consistent');
  await expect(inUse).toContainText('In use: the replica runs from this point');
  const inUseTime = await inUse.locator('time').getAttribute('datetime');
  expect(inUseTime).toBe((await invoke<{ recoveryPoints: { id: string; time: string }[] }>(request, host, 'items:get', { itemId: 'app03' })).result!.recoveryPoints.find((point) => point.id === used)?.time);

  // The same list where the operator changes the point before commit.
  await page.getByTestId('item-change-point').click();
  await item.dialog.getByTestId('operation-point').click();
  const options = page.locator('.n-base-select-option');
  await expect(options.first()).toBeVisible();
  const labels = await options.allTextContents();
  expect(labels.filter((label) => label.endsWith(' · in use'))).toHaveLength(1);
  expect(labels.find((label) => label.endsWith(' · in use'))).toContain('App-consistent');
  for (const label of labels) expect(label).toMatch(/ · (Crash|App)-consistent · (just now|.+ ago)/);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(item.dialog).toBeHidden();
  await expectAccessible(page, '[data-testid="item-recovery-points"]');
  await page.getByTestId('theme-switch').click();
  await expectAccessible(page, '[data-testid="item-recovery-points"]');
});

test('after Start the commit dialog shows its job first and alone, with focus on the way to it; Close returns focus to Commit', async ({ page, host, request }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const started = await invoke<{ id: string }>(request, host, 'jobs:start', { operation: 'unplanned-failover', scope: { itemId: 'app03' } });
  expect(started.ok).toBe(true);
  await expect.poll(async () => (await invoke<{ failoverState: string }>(request, host, 'items:get', { itemId: 'app03' })).result?.failoverState, { timeout: 20_000 }).toBe('commit-pending');

  const item = new ItemPage(page);
  await item.open(host, 'app03');
  const commit = page.getByTestId('item-commit');
  await commit.click();
  await expect(item.dialog.getByTestId('checks')).toBeVisible();
  await item.dialog.getByLabel('Type the name to confirm').fill('APP03');
  await item.dialog.getByTestId('operation-start').click();

  const panel = item.dialog.getByTestId('operation-started');
  await expect(panel).toBeInViewport();
  await expect(panel).toContainText(/Commit started: job job-[0-9A-Z]+/);
  await expect(item.dialog.getByTestId('operation-start')).toHaveCount(0);
  await expect(item.dialog.getByTestId('checks')).toHaveCount(0);
  await expect(item.dialog.getByTestId('operation-open-job')).toBeFocused();
  await expectAccessible(page, '[data-testid="operation-dialog"]');

  await item.dialog.getByTestId('operation-close').click();
  await expect(item.dialog).toBeHidden();
  await expect(commit).toBeFocused();
});

test.describe('one date-time format', () => {
  // An operator in New York: every moment reads in local time, and says so (EST in December).
  test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

  test('the machine page writes its moments in local time with the zone: the last failover and every recovery point', async ({ page, host, request }) => {
    expect((await invoke(request, host, 'jobs:start', { operation: 'unplanned-failover', scope: { itemId: 'app03' } })).ok).toBe(true);
    await expect.poll(async () => (await invoke<{ failoverState: string }>(request, host, 'items:get', { itemId: 'app03' })).result?.failoverState, { timeout: 20_000 }).toBe('commit-pending');
    const item = new ItemPage(page);
    await item.open(host, 'app03');
    const zoned = /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2}:\d{2} E[SD]T$/;
    await expect(page.getByTestId('item-last-failover-at')).toHaveText(zoned);
    const times = page.getByTestId('item-recovery-points').locator('time');
    await expect(times.first()).toBeVisible();
    for (const text of await times.allTextContents()) expect(text).toMatch(zoned);
    // The text is the datetime attribute's moment, in New York.
    const first = times.first();
    const iso = (await first.getAttribute('datetime')) ?? '';
    const expected = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    await expect(first).toContainText(expected);
  });
});
