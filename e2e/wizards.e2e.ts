// Wizard behaviour the reference's overview table fixes (R1): continuous replication has one Failover.
import { expect, test } from './fixtures.ts';
import { WizardPage } from './pages/wizard-page.ts';

for (const [plan, kind] of [
  ['plan-vmware', 'planned-failover'],
  ['plan-vmware', 'unplanned-failover'],
  ['plan-erp', 'planned-failover'],
] as const) {
  test(`R1: ${plan} (continuous replication to Azure) offers one "Failover" from the ${kind} wizard, with the recovery point options`, async ({ page, host }) => {
    const wizard = new WizardPage(page);
    await wizard.open(host, kind, `?plan=${plan}`);
    await wizard.next('Step 2: Direction');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Failover');
    await wizard.next('Step 3: Recovery point');
    await expect(page.getByTestId('wizard-recovery-point-kind')).toBeVisible();
    await expect(page.getByTestId('shutdown-and-sync')).toBeVisible();
    await expect(page.getByText('Planned failover', { exact: true })).toHaveCount(0);
    await expect(page.getByText('Unplanned failover', { exact: true })).toHaveCount(0);
  });
}

test('R1: a VMM plan keeps its planned failover wizard (no single Failover)', async ({ page, host }) => {
  const wizard = new WizardPage(page);
  await wizard.open(host, 'planned-failover', '?plan=plan-apps');
  await wizard.next('Step 2: Direction');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Planned failover');
  await wizard.next('Step 3: Options');
});

test('focus goes to the wizard\'s step, and back to the control that opened it on Cancel or the browser\'s Back, not to the top of the page', async ({ page, host }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const focused = (): Promise<string> =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return element ? `${element.tagName} ${element.id} ${element.textContent?.trim() ?? ''}` : '';
    });
  await page.goto(`${host.url}#/items/app03`);
  const opener = page.getByRole('group', { name: 'Operations on this machine' }).getByRole('button', { name: 'Unplanned failover' });
  await opener.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('failover-wizard')).toBeVisible();
  await expect.poll(focused).toMatch(/^H2 wizard-step-heading Step 1/);

  await page.getByTestId('wizard-cancel').click();
  await expect(page).toHaveURL(/#\/items\/app03$/);
  await expect(opener).toBeFocused();
  await expect(opener).toBeInViewport();

  // The same with the browser's Back (Alt+Left), from a later step.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('failover-wizard')).toBeVisible();
  await page.getByTestId('wizard-next').click();
  await page.goBack();
  await expect(page).toHaveURL(/#\/items\/app03$/);
  await expect(opener).toBeFocused();

  // A dialog (naive-ui's focus trap) hands focus back to its opener too, on Escape and on Cancel.
  const commit = page.getByTestId('item-commit');
  await commit.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('operation-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('operation-dialog')).toBeHidden();
  await expect(commit).toBeFocused();
});
