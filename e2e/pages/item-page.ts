import { expect, type Locator, type Page } from '@playwright/test';
import type { ConsoleHost } from '../console-host.ts';

/** Page object for a protected item's detail view and the operations started from it. */
export class ItemPage {
  readonly page: Page;
  readonly dialog: Locator;
  readonly replication: Locator;

  constructor(page: Page) {
    this.page = page;
    this.dialog = page.getByTestId('operation-dialog');
    this.replication = page.getByTestId('item-replication');
  }

  async open(host: ConsoleHost, itemId: string): Promise<void> {
    await this.page.goto(`${host.url}#/items/${itemId}`);
    await expect(this.page.getByTestId('item-facts')).toBeVisible();
  }

  /** An operation from the item: its pre-flight checks, then Start; returns the job id. */
  async runOperation(button: string): Promise<string> {
    await this.page.getByTestId(button).click();
    await expect(this.dialog.getByTestId('checks')).toBeVisible();
    await this.dialog.getByTestId('operation-start').click();
    const started = this.dialog.getByTestId('operation-started');
    await expect(started).toBeVisible();
    const jobId = (await started.getAttribute('data-job-id')) ?? '';
    await this.page.keyboard.press('Escape');
    await expect(this.dialog).toBeHidden();
    return jobId;
  }
}
