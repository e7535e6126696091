import { expect, type Locator, type Page } from '@playwright/test';
import type { ConsoleHost } from '../console-host.ts';

/** Page object for a recovery plan's detail view and the operations started from it. */
export class PlansPage {
  readonly page: Page;
  readonly dialog: Locator;

  constructor(page: Page) {
    this.page = page;
    this.dialog = page.getByTestId('operation-dialog');
  }

  async open(host: ConsoleHost, planId: string): Promise<void> {
    await this.page.goto(`${host.url}#/plans/${planId}`);
    await expect(this.page.getByTestId('plan-groups')).toBeVisible();
  }

  async edit(): Promise<void> {
    await this.page.getByTestId('edit-plan').click();
  }

  async save(): Promise<void> {
    await this.page.getByTestId('save-plan').click();
    await expect(this.page.getByTestId('plan-groups')).toBeVisible();
  }

  /** In the editor: a script action before the group, with the default operations and directions. */
  async addScript(group: string, title: string, command: string): Promise<void> {
    const editor = this.page.locator('fieldset', { has: this.page.locator('legend', { hasText: group }) });
    await editor.getByRole('button', { name: 'Add action' }).click();
    await editor.getByText('Script', { exact: true }).click();
    await editor.getByLabel('Action title').fill(title);
    await editor.getByLabel('Command').fill(command);
    await editor.getByRole('button', { name: `Add to ${group}` }).click();
  }

  /** In the editor: opens the operations and directions of an existing action. */
  async editScope(title: string): Promise<void> {
    await this.page.getByRole('button', { name: `Runs in…: ${title}` }).click();
  }

  /** The plan view's "which actions does this operation meet" picker. */
  async previewOperation(label: string): Promise<void> {
    await this.page.getByTestId('actions-met-operation').click();
    await this.page.locator('.n-base-select-option').getByText(label, { exact: true }).click();
    await expect(this.page.getByTestId('actions-met-count')).toContainText(`${label} meets`);
  }

  action(title: string): Locator {
    return this.page.getByTestId('plan-groups').locator('li[data-testid^="action-"]', { hasText: title });
  }

  member(itemId: string): Locator {
    return this.page.getByTestId(`member-${itemId}`);
  }

  /** Commit or reverse replication from the plan: pre-flight, the name typed, Start. */
  async runOperation(button: 'plan-commit' | 'plan-reverse', confirmName?: string, options: { follow?: boolean } = {}): Promise<string> {
    await this.page.getByTestId(button).click();
    await expect(this.dialog.getByTestId('checks')).toBeVisible();
    if (confirmName) await this.dialog.getByLabel('Type the name to confirm').fill(confirmName);
    await this.dialog.getByTestId('operation-start').click();
    const started = this.dialog.getByTestId('operation-started');
    await expect(started).toBeVisible();
    const jobId = (await started.getAttribute('data-job-id')) ?? '';
    // Follow the link to the live job, or close the dialog and stay on the plan.
    if (options.follow) await started.getByRole('link', { name: 'Open the live job' }).click();
    else await this.page.keyboard.press('Escape');
    await expect(this.dialog).toBeHidden();
    return jobId;
  }
}
