import { expect, test } from './fixtures.ts';
import { expectAccessible } from './axe.ts';
import { ConsolePage } from './pages/console-page.ts';

test('the dashboard lists every site of the lab estate with its kind and reachability', async ({ page, host }) => {
  const console = new ConsolePage(page);
  await console.open(host.url);
  const rows = console.sitesTable.locator('tbody tr');
  await expect(rows).toHaveCount(6);
  for (const name of ['Contoso Primary (VMM)', 'Contoso Secondary (VMM)', 'Branch Office (Hyper-V)', 'Datacenter (VMware)', 'Physical servers', 'Azure West Europe']) {
    await expect(console.sitesTable.getByRole('cell', { name, exact: true })).toBeVisible();
  }
  for (const kind of ['VMM', 'Hyper-V', 'VMware', 'Physical', 'Azure']) {
    await expect(console.sitesTable.getByRole('cell', { name: kind, exact: true }).first()).toBeVisible();
  }
  await expect(console.sitesTable.getByText('Reachable', { exact: true })).toHaveCount(6);
  // The README's picture is the live job (e2e/jobs.e2e.ts); the dashboard's goes with the test results.
  await page.screenshot({ path: 'test-results/dashboard-sites.png' });
});

test('the theme switch turns the dark default to light, and the choice survives a reload', async ({ page, host }) => {
  const console = new ConsolePage(page);
  await console.open(host.url);
  expect(await console.backgroundLuminance()).toBeLessThan(0.3);
  await expect(console.themeSwitch).toHaveAttribute('aria-checked', 'true');
  await console.themeSwitch.click();
  await expect.poll(() => console.backgroundLuminance()).toBeGreaterThan(0.7);
  await page.reload();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await expect(console.themeSwitch).toHaveAttribute('aria-checked', 'false');
  await expect.poll(() => console.backgroundLuminance()).toBeGreaterThan(0.7);
});

test('an API call without the token gets 401 and changes nothing', async ({ request, host }) => {
  const refused = await request.post(`${host.origin}/api/invoke`, { data: { channel: 'preferences:set', input: { theme: 'light' } } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe('UNAUTHORIZED');
  const wrong = await request.post(`${host.origin}/api/invoke`, {
    headers: { Authorization: 'Bearer not-the-token' },
    data: { channel: 'preferences:set', input: { theme: 'light' } },
  });
  expect(wrong.status()).toBe(401);
  const current = await request.post(`${host.origin}/api/invoke`, {
    headers: { Authorization: `Bearer ${host.token}` },
    data: { channel: 'preferences:get', input: {} },
  });
  expect(await current.json()).toEqual({ ok: true, result: { theme: 'dark' } });
});

test('views not built yet show their heading and what will be there, without fake data', async ({ page, host }) => {
  const console = new ConsolePage(page);
  await console.open(host.url);
  await console.navigate('Scripts');
  await expect(page.getByRole('heading', { name: 'Scripts' })).toBeVisible();
});

test('every view of the shell has no serious accessibility violation, in both themes', async ({ page, host }) => {
  const console = new ConsolePage(page);
  await console.open(host.url);
  for (const label of ['Dashboard', 'Recovery plans', 'Protected items', 'Jobs', 'Scripts', 'Settings']) {
    await console.navigate(label);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page);
  }
  await console.themeSwitch.click();
  await console.navigate('Dashboard');
  await expectAccessible(page);
});

test('the sidebar marks the section of a detail page as current', async ({ page, host }) => {
  await page.goto(`${host.url}#/plans/plan-core`);
  const current = page.getByRole('navigation', { name: 'Main' }).locator('.n-menu-item-content--selected');
  await expect(current).toHaveText('Recovery plans');
  await page.goto(`${host.origin}/#/items/dc01`);
  await expect(current).toHaveText('Protected items');
});

test('a permanent badge says the console drives the built-in lab, on every page and in both themes', async ({ page, host }) => {
  // The smallest laptop screen an operator is likely to have at 3 a.m.: the badge must not be scrolled away.
  await page.setViewportSize({ width: 1366, height: 768 });
  const console = new ConsolePage(page);
  await console.open(host.url);
  for (const label of ['Dashboard', 'Recovery plans', 'Protected items', 'Jobs', 'Scripts', 'Settings']) {
    await console.navigate(label);
    await expect(console.estateBadge).toHaveText('Lab · Contoso lab');
    await expect(console.estateBadge).toHaveAttribute('data-estate-kind', 'lab');
    await expect(console.estateBadge).toBeInViewport();
  }
  await page.goto(`${host.origin}/#/items/dc01`);
  await expect(console.estateBadge).toHaveText('Lab · Contoso lab');
  await expectAccessible(page, '[data-testid="estate-badge"]');
  await console.themeSwitch.click();
  await expect(console.estateBadge).toBeInViewport();
  await expectAccessible(page, '[data-testid="estate-badge"]');
});

test('no field shows naive-ui\'s stand-in placeholder ("Please Input", "Please Select")', async ({ page, host }) => {
  const console = new ConsolePage(page);
  await console.open(host.url);
  const standIns = page.locator('[placeholder^="Please"]').or(page.getByText(/^Please (Input|Select)$/));
  await console.navigate('Settings');
  await page.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByLabel('Connection name')).toBeVisible();
  await expect(standIns).toHaveCount(0);
  await page.keyboard.press('Escape');
  await console.navigate('Recovery plans');
  await page.getByTestId('new-plan').click();
  await expect(page.getByRole('dialog', { name: 'New recovery plan' })).toBeVisible();
  await expect(page.getByText('Choose the site the machines run at')).toBeVisible();
  await expect(standIns).toHaveCount(0);
  await page.keyboard.press('Escape');
  // An empty field with no hint of its own: the confirmation a destructive operation asks for.
  await page.goto(`${host.origin}/#/items/app03`);
  await page.getByTestId('item-commit').click();
  await expect(page.getByLabel('Type the name to confirm')).toBeVisible();
  await expect(page.getByLabel('Type the name to confirm')).toHaveValue('');
  await expect(standIns).toHaveCount(0);
});
