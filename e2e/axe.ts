import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Zero serious or critical accessibility violations on a view or wizard step: keyboard and screen-reader users run drills too. */
export async function expectAccessible(page: Page, include?: string): Promise<void> {
  // Scan what the operator reads, not a frame of a fade: wait for loading states and transitions to end.
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.n-data-table--loading').length === 0 &&
      document
        .getAnimations()
        .every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: 10_000 },
  );
  // axe computes contrast from the current opacity: a fade-in still running (naive-ui's empty states, under load)
  // reads as low contrast, so let running transitions and finite animations (never a spinner) finish first.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime ?? Number.POSITIVE_INFINITY)))
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  const builder = new AxeBuilder({ page });
  const results = await (include ? builder.include(include) : builder).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
  expect(serious, serious.join('\n')).toEqual([]);
}
