import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { ConsoleHost } from '../console-host.ts';

export interface Envelope<T = unknown> {
  ok: boolean;
  result?: T;
  error?: { code: string; message: string };
}

/** The contract through the web host, for what a test arranges (faults, time scale) or reads back. */
export async function invoke<T = unknown>(request: APIRequestContext, host: ConsoleHost, channel: string, input: unknown): Promise<Envelope<T>> {
  const response = await request.post(`${host.origin}/api/invoke`, { headers: { Authorization: `Bearer ${host.token}` }, data: { channel, input } });
  return (await response.json()) as Envelope<T>;
}

/** Page object for wizards 1–4 (test, planned, unplanned failover, failback). */
export class WizardPage {
  readonly page: Page;
  readonly nextButton: Locator;
  readonly startButton: Locator;
  readonly heading: Locator;
  readonly error: Locator;
  readonly liveJob: Locator;
  readonly jobStatus: Locator;

  constructor(page: Page) {
    this.page = page;
    this.nextButton = page.getByTestId('wizard-next');
    this.startButton = page.getByTestId('wizard-start');
    this.heading = page.locator('#wizard-step-heading');
    this.error = page.getByTestId('wizard-error');
    this.liveJob = page.getByTestId('wizard-live-job');
    this.jobStatus = page.getByTestId('wizard-job-status');
  }

  async open(host: ConsoleHost, kind: string, query = ''): Promise<void> {
    await this.page.goto(`${host.url}#/wizard/${kind}${query}`);
    await expect(this.heading).toContainText('Step 1: Scope');
  }

  /** Types into the filterable select and takes the match with Enter, as an operator would. */
  async chooseScope(name: string, kind: 'Recovery plan' | 'Protected item' = 'Recovery plan'): Promise<void> {
    if (kind === 'Protected item') await this.page.getByText('One protected item', { exact: true }).click();
    const input = this.page.getByLabel(kind, { exact: true });
    await input.focus();
    await input.pressSequentially(name);
    await this.page.keyboard.press('Enter');
  }

  async next(expectedStep: string): Promise<void> {
    await this.nextButton.click();
    await expect(this.heading).toContainText(expectedStep);
  }

  networkOption(label: string): Locator {
    return this.page.getByTestId('network-option').filter({ has: this.page.getByText(label, { exact: true }) });
  }

  hostOption(name: string): Locator {
    return this.page.getByTestId('host-option').filter({ hasText: name });
  }

  check(rule: string, status: 'pass' | 'warn' | 'fail'): Locator {
    return this.page.locator(`[data-testid="check-row"][data-rule="${rule}"][data-status="${status}"]`);
  }

  /** Picks the test network whose option names `text` (the radio's label, as an operator clicks it). */
  async chooseNetwork(text: string): Promise<void> {
    await this.page.getByTestId('network-option').filter({ hasText: text }).locator('.n-radio').first().click();
  }

  /**
   * A whole wizard for a plan, as an operator walks it: each step with Next, `options` on the options step (3),
   * pre-flight must allow it, the plan's name typed where the operation is destructive, then Start. Returns the
   * started job's id, read from the live job page the wizard opens.
   */
  async run(host: ConsoleHost, kind: 'test-failover' | 'planned-failover' | 'unplanned-failover' | 'failback', planId: string, confirmName: string | null, options?: () => Promise<void>): Promise<string> {
    await this.open(host, kind, `?plan=${planId}`);
    await this.next('Step 2: Direction');
    await this.next('Step 3:');
    if (options) await options();
    await this.next('Step 4: Certificate');
    await this.next('Step 5: Pre-flight');
    await expect(this.page.locator('[data-testid="check-row"][data-status="fail"]')).toHaveCount(0);
    await this.next('Step 6: Confirm');
    if (confirmName) await this.confirmWith(confirmName);
    await this.startButton.click();
    await expect(this.page).toHaveURL(/#\/jobs\/job-[0-9A-Z]+/);
    return /job-[0-9A-Z]+/.exec(this.page.url())?.[0] ?? '';
  }

  async confirmWith(name: string): Promise<void> {
    await this.page.getByLabel('Type the name to confirm').fill(name);
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
  }
}
