import type { Locator, Page } from '@playwright/test';

/** Page object for wizard 5 (AD/DNS preparation) in the Scripts view. */
export class ScriptsPage {
  readonly page: Page;
  readonly next: Locator;
  readonly generate: Locator;
  readonly checklist: Locator;
  readonly addToPlan: Locator;
  readonly added: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    this.page = page;
    this.next = page.getByRole('button', { name: 'Next' });
    this.generate = page.getByRole('button', { name: 'Generate' });
    this.checklist = page.getByTestId('addns-checklist');
    this.addToPlan = page.getByRole('button', { name: 'Add to plan' });
    this.added = page.getByTestId('addns-added');
    this.error = page.getByTestId('addns-error');
  }

  /** By keyboard, as an operator would: type to filter the plans, Enter picks the match. */
  async choosePlan(name: string): Promise<void> {
    const input = this.page.getByLabel('Recovery plan');
    await input.focus();
    await input.pressSequentially(name);
    await this.page.keyboard.press('Enter');
  }

  /** naive-ui keeps the native radio visually hidden: the operator clicks its label. */
  async chooseRadio(label: string): Promise<void> {
    await this.page.getByText(label, { exact: true }).click();
  }

  radio(label: string): Locator {
    return this.page.getByRole('radio', { name: label, exact: true });
  }

  /** An option of the test network picker (the test failover wizard's options). */
  networkOption(label: string): Locator {
    return this.page.getByTestId('network-option').filter({ has: this.page.getByText(label, { exact: true }) });
  }

  file(fileName: string): Locator {
    return this.page.getByTestId(`addns-file-${fileName}`);
  }
}
