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
    const title = (await started.textContent()) ?? '';
    // Follow the link to the live job, or close the dialog and stay on the plan.
    if (options.follow) await started.getByRole('link', { name: 'Open the live job' }).click();
    else await this.page.keyboard.press('Escape');
    await expect(this.dialog).toBeHidden();
    return /job-[0-9A-Z]+/.exec(title)?.[0] ?? '';
  }
}
