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
