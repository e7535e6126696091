// The operator flows (a)–(h), one per wizard or rule an operator meets (ids in the titles), tried as a new user would, against the real engine through the
// web host (lab at time scale 0). Each saves a screenshot in test-results/.
import { expectAccessible } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { PlansPage } from './pages/plans-page.ts';
import { invoke, WizardPage } from './pages/wizard-page.ts';
import type { Page } from '@playwright/test';
import { generateEstate } from '../src-main/domain/estate/generate-estate.ts';

/** On the live job page (ui-ops' job detail): wait for a status label. */
async function expectJobStatus(page: Page, label: string): Promise<void> {
  await expect(page.getByTestId('job-status')).toHaveText(label, { timeout: 20_000 });
}

async function decide(page: Page, button: string, note?: string): Promise<void> {
  await page.getByTestId(button).click();
  const dialog = page.getByTestId('decision-dialog');
  if (note !== undefined) await dialog.getByTestId('decision-note').locator('textarea').fill(note);
  await dialog.getByTestId('decision-confirm').click();
  await expect(dialog).toBeHidden();
}

test('(a) R18/R10: test failover of Contoso Core with AD/DNS first, Complete Test with a note, every test resource deleted', async ({ page, host }) => {
  const wizard = new WizardPage(page);
  await wizard.open(host, 'test-failover');
  await expectAccessible(page);
  await wizard.chooseScope('Contoso Core');
  await wizard.next('Step 2: Direction');
  await expect(page.getByTestId('wizard-direction')).toContainText('From Contoso Primary (VMM) to Contoso Secondary (VMM)');
  await expectAccessible(page);
  await wizard.next('Step 3: Test network');
  await expectAccessible(page);
  await wizard.networkOption('Existing network: Test bubble (VLAN, isolated)').getByText('Existing network: Test bubble (VLAN, isolated)', { exact: true }).click();
  await wizard.next('Step 4: Certificate');
  await expect(page.getByTestId('certificate-step')).toContainText('no encryption certificate is needed');
  await expectAccessible(page);
  await wizard.next('Step 5: Pre-flight');
  await expect(wizard.check('R18', 'pass').first()).toContainText('DC01 (AD/DNS) fail over first in Group 1');
  await expect(page.getByTestId('wizard-ip-plan')).toBeVisible();
  await expectAccessible(page);
  await wizard.next('Step 6: Confirm');
  await expect(page.getByTestId('what-will-happen')).toContainText('5 machines will get a test copy at Contoso Secondary (VMM)');
  await expectAccessible(page);
  await wizard.startButton.click();

  // The live job: it waits for Complete Test once the test machines run.
  await expect(page).toHaveURL(/#\/jobs\/job-[0-9A-Z]+/);
  await expectJobStatus(page, 'Waiting for you');
  // The plan's manual action after Group 3 comes first; then the job offers Complete Test.
  await page.getByRole('button', { name: /Confirm manual action/ }).click();
  await page.getByTestId('decision-dialog').getByTestId('decision-confirm').click();
  await expect(page.getByTestId('complete-test')).toBeVisible({ timeout: 20_000 });
  // (The job detail view's own axe scan belongs to the Jobs suite.)
  await page.getByTestId('complete-test').click();
  await page.getByTestId('decision-dialog').getByTestId('decision-choice-passed').click();
  await page.getByTestId('decision-dialog').getByTestId('decision-note').locator('textarea').fill('Drill OK: DC01 answered, app tier reached SQL01.');
  await page.getByTestId('decision-dialog').getByTestId('decision-confirm').click();
  await expect(page.getByTestId('decision-dialog')).toBeHidden();
  await expectJobStatus(page, 'Succeeded');
  await expect(page.getByTestId('cleanup-summary')).toHaveText(/All \d+ test resources are deleted\./);
  await wizard.screenshot('flow-a-test-failover-cleanup');
});

test('(b) R8/R9: planned failover of Contoso Apps, commit, reverse replication; the machines stay protected', async ({ page, host }) => {
  const wizard = new WizardPage(page);
  const plans = new PlansPage(page);
  await wizard.open(host, 'planned-failover', '?plan=plan-apps');
  await wizard.next('Step 2: Direction');
  await wizard.next('Step 3: Options');
  await wizard.next('Step 4: Certificate');
  await wizard.next('Step 5: Pre-flight');
  await expect(wizard.check('R8', 'pass')).toContainText('stay protected');
  await wizard.next('Step 6: Confirm');
  await expect(page.getByTestId('what-will-happen')).toContainText('3 machines will shut down at Contoso Primary (VMM)');
  await expect(wizard.startButton).toBeDisabled();
  await wizard.confirmWith('Contoso App');
  await expect(wizard.startButton).toBeDisabled();
  await wizard.confirmWith('Contoso Apps');
  await expectAccessible(page);
  await wizard.startButton.click();
  await expectJobStatus(page, 'Succeeded');
  // R6: a planned failover synchronises first; its window is said as what it means, not as "up to 0 ms".
  await expect(page.getByTestId('data-loss')).toHaveText('No data lost (R6)');

  await plans.open(host, 'plan-apps');
  await expect(plans.member('app02')).toContainText('Contoso Secondary (VMM)');
  await expect(plans.member('app02')).toContainText('Commit pending');
  await expect(plans.member('app02')).toContainText('Protected');
  await plans.runOperation('plan-commit', 'Contoso Apps');
  await expect(plans.member('app02')).toContainText('Committed', { timeout: 20_000 });
  await expectAccessible(page);
  await plans.runOperation('plan-reverse', undefined, { follow: true });
  await expectJobStatus(page, 'Succeeded');
  await expect(page.getByTestId('step-tree')).toContainText('Replicate back the changes (delta)');
  await plans.open(host, 'plan-apps');
  await expect(plans.member('file01')).toContainText('Protected');
  await wizard.screenshot('flow-b-planned-commit-reverse');
});

test('(c) R6/R7/R9: unplanned failover with the primary site down, change the recovery point, commit, full reverse replication', async ({ page, host, request }) => {
  expect((await invoke(request, host, 'lab:fault', { kind: 'site-unreachable', siteId: 'site-primary' })).ok).toBe(true);
  const wizard = new WizardPage(page);
  const plans = new PlansPage(page);
  await wizard.open(host, 'unplanned-failover', '?plan=plan-apps');
  await wizard.next('Step 2: Direction');
  await wizard.next('Step 3: Recovery point');
  await expect(page.getByTestId('data-loss')).toContainText('will be lost');
  await expectAccessible(page);
  await wizard.next('Step 4: Certificate');
  await wizard.next('Step 5: Pre-flight');
  await wizard.next('Step 6: Confirm');
  await expect(page.getByTestId('what-will-happen')).toContainText('nothing is shut down at Contoso Primary (VMM)');
  await wizard.confirmWith('Contoso Apps');
  await wizard.startButton.click();
  await expect(page.getByTestId('job-status')).toHaveText(/Succeeded|Partially succeeded/, { timeout: 20_000 });

  await plans.open(host, 'plan-apps');
  await expect(plans.member('app02')).toContainText('Not protected');
  // R7: another recovery point for APP02 before commit.
  await plans.member('app02').getByRole('link', { name: 'APP02' }).click();
  await page.getByTestId('item-change-point').click();
  const dialog = page.getByTestId('operation-dialog');
  const point = dialog.getByLabel('Recovery point');
  await point.click();
  await page.locator('.n-base-select-option').nth(1).click();
  await expect(dialog.getByTestId('operation-what')).toContainText('restart from the chosen recovery point');
  await expect(dialog.getByTestId('checks')).toBeVisible();
  await dialog.getByLabel('Type the name to confirm').fill('APP02');
  await dialog.getByTestId('operation-start').click();
  await dialog.getByRole('link', { name: 'Open the live job' }).click();
  await expectJobStatus(page, 'Succeeded');

  await plans.open(host, 'plan-apps');
  await plans.runOperation('plan-commit', 'Contoso Apps');
  await expect(plans.member('app02')).toContainText('Committed', { timeout: 20_000 });
  // The primary site is back: reverse replication uses the initial replication method (R9).
  expect((await invoke(request, host, 'lab:fault', { kind: 'clear' })).ok).toBe(true);
  await plans.runOperation('plan-reverse', undefined, { follow: true });
  await expectJobStatus(page, 'Succeeded');
  await expect(page.getByTestId('step-tree')).toContainText('Replicate back in full');
  await wizard.screenshot('flow-c-unplanned-full-reverse');
});

test('(d) R15: failback from Azure with sync before the failover, Complete Failover, commit', async ({ page, host }) => {
  const wizard = new WizardPage(page);
  const plans = new PlansPage(page);
  await wizard.open(host, 'failback', '?plan=plan-branch-return');
  await wizard.next('Step 2: Direction');
  await wizard.next('Step 3: Sync and location');
  await expect(page.locator('[data-testid="check-row"][data-rule="R15"]').first()).toContainText('45 days');
  await page.getByText('Synchronize data before the failover (two phases; you complete the failover)').click();
  await expectAccessible(page);
  await wizard.next('Step 4: Certificate');
  await wizard.next('Step 5: Pre-flight');
  await wizard.next('Step 6: Confirm');
  await expect(page.getByTestId('what-will-happen')).toContainText('2 machines will shut down at Azure West Europe');
  await wizard.confirmWith('Branch return from Azure');
  await wizard.startButton.click();
  await expectJobStatus(page, 'Waiting for you');
  await decide(page, 'complete-failover');
  await expectJobStatus(page, 'Succeeded');
  await plans.open(host, 'plan-branch-return');
  await plans.runOperation('plan-commit', 'Branch return from Azure');
  await expect(plans.member('br-file01')).toContainText('Committed', { timeout: 20_000 });
  await expect(plans.member('br-file01')).toContainText('Branch Office (Hyper-V)');
  await wizard.screenshot('flow-d-failback-from-azure');
});

test('(e) R16: failback to an alternate location refuses the host without the switch and creates the VM on the other', async ({ page, host, request }) => {
  const wizard = new WizardPage(page);
  await wizard.open(host, 'failback', '?plan=plan-branch-return');
  await wizard.next('Step 2: Direction');
  await wizard.next('Step 3: Sync and location');
  await page.getByText('Fail back to an alternate location (R16)').click();
  const refused = wizard.hostOption('HV-B-03');
  await expect(refused).toHaveAttribute('data-available', 'false');
  await expect(refused).toContainText('has no virtual switch named "Branch-LAN"');
  await expect(refused.getByRole('radio')).toBeDisabled();
  await expect(wizard.nextButton).toBeDisabled();
  await expectAccessible(page);
  await wizard.hostOption('HV-B-02').getByText(/\(switches: /).click();
  await page.getByText('Create the on-premises virtual machine if it does not exist').click();
  await wizard.next('Step 4: Certificate');
  await wizard.next('Step 5: Pre-flight');
  await expect(wizard.check('R16', 'pass').first()).toBeVisible();
  await wizard.next('Step 6: Confirm');
  await wizard.confirmWith('Branch return from Azure');
  await wizard.screenshot('flow-e-alternate-location');
  await wizard.startButton.click();
  await expect(page.getByTestId('job-status')).toHaveText(/Waiting for you|Succeeded/, { timeout: 20_000 });
  if ((await page.getByTestId('job-status').textContent()) === 'Waiting for you') await decide(page, 'complete-failover');
  await expectJobStatus(page, 'Succeeded');
  const ops = await invoke<{ operation: string; itemId: string }[]>(request, host, 'lab:ops', {});
  expect(ops.result?.filter((op) => op.operation === 'create-vm').map((op) => op.itemId).sort()).toEqual(['br-file01', 'br-web01']);
});

test('(f) R12: the WNV test network is shown disabled for the No Isolation replica, with the reason', async ({ page, host }) => {
  const wizard = new WizardPage(page);
  await wizard.open(host, 'test-failover');
  await wizard.chooseScope('WEB02', 'Protected item');
  await wizard.next('Step 2: Direction');
  await wizard.next('Step 3: Test network');
  const wnv = wizard.networkOption('Existing network: Test bubble (WNV, isolated)');
  await expect(wnv).toHaveAttribute('data-available', 'false');
  await expect(wnv).toContainText('Legacy replica (no isolation) has No Isolation, which lacks the subnets a network-virtualization test network needs');
  await expect(wnv.getByRole('radio')).toBeDisabled();
  await expect(wizard.networkOption('Existing network: Test bubble (VLAN, isolated)').getByRole('radio')).toBeEnabled();
  await expectAccessible(page);
  // The disabled option and its reason stay readable in the light theme too.
  await page.getByTestId('theme-switch').click();
  await expectAccessible(page);
  await wizard.screenshot('flow-f-wnv-disabled');
});

test('(g) R2: a planned failover of Finance to Azure is refused while FIN-APP01 is in initial replication', async ({ page, host }) => {
  const wizard = new WizardPage(page);
  await wizard.open(host, 'planned-failover');
  await wizard.chooseScope('Finance to Azure');
  await wizard.next('Step 2: Direction');
  await wizard.next('Step 3: Options');
  await wizard.next('Step 4: Certificate');
  await wizard.next('Step 5: Pre-flight');
  await expect(page.getByTestId('preflight-verdict')).toContainText('Start stays disabled');
  await expect(wizard.check('R2', 'fail')).toContainText('FIN-APP01');
  await page.getByTestId('theme-switch').click();
  await expectAccessible(page);
  await wizard.next('Step 6: Confirm');
  await wizard.confirmWith('Finance to Azure');
  await expect(page.getByTestId('start-blocked')).toContainText('R2');
  await expect(wizard.startButton).toBeDisabled();
  await expectAccessible(page);
  await wizard.screenshot('flow-g-r2-refused');
});

test('(h) keyboard only: a test failover of Contoso Core from the command palette to Complete Test', async ({ page, host }) => {
  const wizard = new WizardPage(page);
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  const focused = (): Promise<string> => page.evaluate(() => {
    interface Focused { id?: string; textContent?: string | null; getAttribute(name: string): string | null; closest(selector: string): Focused | null }
    const element = (globalThis as unknown as { document: { activeElement: Focused | null } }).document.activeElement;
    const owner = element?.closest('[data-testid]')?.getAttribute('data-testid') ?? '';
    return `${element?.id ?? ''}|${owner}|${element?.getAttribute('aria-label') ?? ''}|${element?.textContent?.trim() ?? ''}`;
  });
  /** Tab until the focused element matches, as a keyboard user would. */
  async function tabTo(pattern: RegExp): Promise<void> {
    for (let presses = 0; presses < 60; presses += 1) {
      if (pattern.test(await focused())) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`focus never reached ${pattern}; it is on ${await focused()}`);
  }

  await page.keyboard.press('Control+k');
  await page.keyboard.type('start test failover');
  await page.keyboard.press('Enter');
  await expect(wizard.heading).toContainText('Step 1: Scope');
  await tabTo(/\|wizard-scope\|/);
  // Enter opens the list and moves focus into its search box; typing filters; Enter takes the match.
  await page.keyboard.press('Enter');
  await page.keyboard.type('Contoso Core');
  await page.keyboard.press('Enter');
  for (const step of ['Step 2: Direction', 'Step 3: Test network', 'Step 4: Certificate', 'Step 5: Pre-flight', 'Step 6: Confirm']) {
    await tabTo(/\|wizard-next\|/);
    // Focus is visible: the focused button draws an outline.
    expect(
      await page.evaluate(() => {
        const view = globalThis as unknown as { document: { activeElement: unknown }; getComputedStyle(element: unknown): { outlineStyle: string } };
        return view.getComputedStyle(view.document.activeElement).outlineStyle;
      }),
    ).not.toBe('none');
    // A step that is still asking the engine keeps Next disabled; a person waits for it, so does the test.
    await expect(page.getByTestId('wizard-next')).toBeEnabled({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await expect(wizard.heading).toContainText(step, { timeout: 15_000 });
  }
  await tabTo(/\|wizard-start\|/);
  await page.keyboard.press('Enter');
  await expectJobStatus(page, 'Waiting for you');
  await tabTo(/\|confirm-/);
  await page.keyboard.press('Enter');
  await tabTo(/\|decision-confirm\|/);
  await page.keyboard.press('Enter');
  await tabTo(/\|complete-test\|/);
  await page.keyboard.press('Enter');
  // The verdict first (a radio group: Tab reaches it, Space picks the focused answer).
  await tabTo(/\|decision-choice-passed\|/);
  await page.keyboard.press('Space');
  await tabTo(/\|decision-note\|/);
  await page.keyboard.type('Keyboard drill done.');
  await tabTo(/\|decision-confirm\|/);
  await page.keyboard.press('Enter');
  await expectJobStatus(page, 'Succeeded');
  await wizard.screenshot('flow-h-keyboard');
});

test('plans and items: create a plan, edit it with engine validation, browse items; every view passes axe', async ({ page, host }) => {
  const chooseIn = async (label: string, text: string): Promise<void> => {
    const input = page.getByLabel(label, { exact: true });
    await input.focus();
    await input.pressSequentially(text);
    await page.keyboard.press('Enter');
  };
  await page.goto(`${host.url}#/plans`);
  await expect(page.getByTestId('plans-table')).toContainText('Contoso Core');
  await expectAccessible(page);

  await page.getByTestId('new-plan').click();
  await page.getByLabel('Name', { exact: true }).fill('Branch apps');
  await chooseIn('Source site', 'Branch Office');
  await chooseIn('Target site', 'Azure West');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name: 'Branch apps', level: 1 })).toBeVisible();

  await page.getByTestId('edit-plan').click();
  await chooseIn('Add a machine to Group 1', 'BR-APP01');
  await page.getByRole('button', { name: 'Add action' }).click();
  await page.getByLabel('Action title').fill('Call the branch manager');
  await page.getByLabel('Instructions').fill('Tell them the app moves to Azure.');
  await page.getByRole('button', { name: 'Add to Group 1' }).click();
  await expectAccessible(page);
  // A machine that does not replicate between the plan's sites: the engine refuses the whole draft, with why.
  await page.getByTestId('add-group').click();
  await chooseIn('Add a machine to Group 2', 'DC01');
  await page.getByTestId('save-plan').click();
  await expect(page.getByTestId('plan-edit-error')).toContainText('DC01 replicates between site-primary and site-secondary, not between this plan');
  await page.getByRole('button', { name: 'Remove group Group 2' }).click();
  await page.getByTestId('save-plan').click();
  await expect(page.getByTestId('plan-groups')).toContainText('BR-APP01');
  await expect(page.getByTestId('plan-groups')).toContainText('Before · Manual action: Call the branch manager');
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/plan-editor.png', fullPage: true });

  await page.goto(`${host.url}#/items`);
  await expect(page.getByTestId('items-count')).toContainText('of 24 machines');
  await chooseIn('Filter by replication state', 'Initial');
  await expect(page.getByTestId('items-count')).toHaveText('1 of 24 machines');
  await expect(page.getByTestId('items-table')).toContainText('FIN-APP01');
  await expectAccessible(page);
  await page.goto(`${host.url}#/items/fin-web01`);
  await expect(page.getByTestId('item-nics')).toContainText('203.0.113.71');
  await expect(page.getByTestId('item-ip-plan')).toBeVisible();
  await expectAccessible(page);

  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('command-palette')).toBeVisible();
  await page.keyboard.type('plan branch apps');
  await expectAccessible(page);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Branch apps', level: 1 })).toBeVisible();
});

test('R3: Payroll runs on both sides, so the wizard asks for the direction before anything else', async ({ page, host }) => {
  const wizard = new WizardPage(page);
  await wizard.open(host, 'planned-failover', '?plan=plan-payroll');
  await wizard.next('Step 2: Direction');
  await expect(page.getByText('Machines of this scope run on both sides')).toBeVisible();
  await expect(wizard.nextButton).toBeDisabled();
  await expectAccessible(page);
  await page.getByText('From Contoso Primary (VMM) to Contoso Secondary (VMM)', { exact: true }).click();
  await expect(wizard.nextButton).toBeEnabled();
  await wizard.next('Step 3: Options');
  await wizard.next('Step 4: Certificate');
  await wizard.next('Step 5: Pre-flight');
  await expect(page.getByTestId('preflight-verdict')).toBeVisible();
  await expect(page.locator('[data-testid="check-row"][data-rule="R3"]').first()).toBeVisible();
  await wizard.screenshot('flow-r3-change-direction');
});

test('2,000 machines: the protected items list renders only the visible rows and filters them', async ({ page, host, request }) => {
  expect((await invoke(request, host, 'lab:reset', { estate: generateEstate({ machines: 2000, groups: 4 }), timeScale: 0 })).ok).toBe(true);
  await page.goto(`${host.url}#/items`);
  await expect(page.getByTestId('items-count')).toHaveText('2000 of 2000 machines');
  // Virtualized: a few dozen rows in the DOM, not 2,000.
  expect(await page.getByTestId('items-table').locator('tbody tr').count()).toBeLessThan(100);
  await page.getByLabel('Filter by name or role').fill('VM-1999');
  await expect(page.getByTestId('items-count')).toHaveText('1 of 2000 machines');
  await expect(page.getByTestId('items-table')).toContainText('VM-1999');
  await expectAccessible(page);
});
