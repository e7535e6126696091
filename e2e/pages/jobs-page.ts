import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { ConsoleHost } from '../console-host.ts';

export interface Envelope {
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

/** Calls the console's API as a script would (the wizards that start jobs are tested elsewhere). */
export async function invoke(request: APIRequestContext, host: ConsoleHost, channel: string, input: unknown): Promise<Envelope> {
  const response = await request.post(`${host.origin}/api/invoke`, { headers: { Authorization: `Bearer ${host.token}` }, data: { channel, input } });
  return (await response.json()) as Envelope;
}

export async function startJob(request: APIRequestContext, host: ConsoleHost, input: unknown): Promise<string> {
  const reply = await invoke(request, host, 'jobs:start', input);
  if (!reply.ok) throw new Error(`jobs:start refused: ${reply.error?.code} ${reply.error?.message}`);
  return (reply.result as { id: string }).id;
}

/** Page object for the Jobs list and a job's live detail. */
export class JobsPage {
  readonly page: Page;
  readonly table: Locator;
  readonly status: Locator;
  readonly phase: Locator;
  readonly actions: Locator;
  readonly dialog: Locator;
  readonly failedSteps: Locator;
  readonly stepTree: Locator;
  readonly cleanupSummary: Locator;
  readonly cleanupLedger: Locator;
  readonly notes: Locator;

  constructor(page: Page) {
    this.page = page;
    this.table = page.getByTestId('jobs-table');
    this.status = page.getByTestId('job-status');
    this.phase = page.getByTestId('job-phase');
    this.actions = page.getByTestId('job-actions');
    this.dialog = page.getByRole('dialog');
    this.failedSteps = page.getByTestId('failed-steps');
    this.stepTree = page.getByTestId('step-tree');
    this.cleanupSummary = page.getByTestId('cleanup-summary');
    this.cleanupLedger = page.getByTestId('cleanup-ledger');
    this.notes = page.getByTestId('job-notes').locator('textarea');
  }

  async openList(host: ConsoleHost): Promise<void> {
    await this.page.goto(host.url);
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await this.page.getByRole('heading', { name: 'Jobs', exact: true }).waitFor();
  }

  async openJob(jobId: string): Promise<void> {
    await this.table.getByRole('link', { name: jobId, exact: true }).click();
    await this.page.locator('#job-heading').waitFor();
  }

  button(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  step(stepId: string): Locator {
    return this.page.getByTestId(`step-${stepId}`);
  }

  /** Fills the open decision dialog's note (when it has one) and confirms. */
  /** `verdict`: Complete Test's required answer (R10). */
  async decide(note?: string, verdict?: 'passed' | 'passed-with-issues' | 'failed'): Promise<void> {
    if (verdict !== undefined) await this.dialog.getByTestId(`decision-choice-${verdict}`).click();
    if (note !== undefined) await this.dialog.getByTestId('decision-note').locator('textarea').fill(note);
    await this.dialog.getByTestId('decision-confirm').click();
    await this.dialog.waitFor({ state: 'hidden' });
  }

  /**
   * On a live job: takes every decision it waits for, as the operator would (a manual action confirmed, Complete
   * Test with a note, Complete Failover), until it succeeds (R19).
   */
  async settle(note = 'Round trip drill: checked.'): Promise<void> {
    for (let decisions = 0; decisions < 10; decisions++) {
      // The status as read once (it moves on between two reads): the one that matched is the one acted on.
      let status = '';
      await expect
        .poll(async () => (status = (await this.status.textContent())?.trim() ?? ''), { timeout: 20_000 })
        .toMatch(/^(Succeeded|Waiting for you|Failed|Partially succeeded)$/);
      if (status === 'Succeeded') return;
      if (status !== 'Waiting for you') throw new Error(`the job ended ${status || 'without a status'}`);
      const offer = this.actions.locator('[data-testid^="confirm-"], [data-testid="complete-test"], [data-testid="complete-failover"]').first();
      await offer.click();
      const noted = (await offer.getAttribute('data-testid')) === 'complete-test';
      await this.decide(noted ? note : undefined, noted ? 'passed' : undefined);
    }
    throw new Error('the job kept waiting for decisions');
  }

  /** By keyboard, as an operator would: type to filter the options, Enter picks the match. */
  async filter(label: 'Status' | 'Operation' | 'Recovery plan', option: string): Promise<void> {
    const input = this.page.getByRole('group', { name: 'Filter jobs' }).getByRole('textbox', { name: label });
    await input.focus();
    await input.pressSequentially(option);
    await this.page.keyboard.press('Enter');
  }
}
