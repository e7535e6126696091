// The item view: Resynchronize for a machine whose replication is unhealthy, through the same pre-flight as every
// operation (as Site Recovery and Hyper-V Replica offer it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { ItemPage } from './pages/item-page.ts';
import { invoke } from './pages/wizard-page.ts';

/** The lab with APP02's replication needing resynchronization. */
function labWithUnhealthyApp02(): unknown {
  const raw = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'resources', 'lab', 'estate.json'), 'utf8')) as { items: { id: string; replication: { state: string } }[] };
  raw.items.find((item) => item.id === 'app02')!.replication.state = 'resynchronizing';
  return raw;
}

test('R9: the item view offers Resynchronize for a machine whose replication is resynchronizing, runs it after pre-flight, and the machine is protected again', async ({ page, host, request }) => {
  expect((await invoke(request, host, 'lab:reset', { estate: labWithUnhealthyApp02(), timeScale: 0 })).ok).toBe(true);
  const item = new ItemPage(page);
  // A healthy machine is not offered it.
  await item.open(host, 'app03');
  await expect(item.replication).toHaveText('Protected');
  await expect(page.getByTestId('item-resynchronize')).toHaveCount(0);

  await item.open(host, 'app02');
  await expect(item.replication).toHaveText('Resynchronizing');
  await page.getByTestId('item-resynchronize').click();
  await expect(item.dialog.locator('[data-testid="check-row"][data-rule="R9"][data-status="pass"]')).toContainText('APP02 is resynchronized from Contoso Primary (VMM) to Contoso Secondary (VMM)');
  await page.keyboard.press('Escape');
  const jobId = await item.runOperation('item-resynchronize');
  await expect.poll(async () => (await invoke<{ status: string }>(request, host, 'jobs:get', { jobId })).result?.status, { timeout: 20_000 }).toBe('succeeded');
  await page.reload();
  await expect(item.replication).toHaveText('Protected');
  await expect(page.getByTestId('item-resynchronize')).toHaveCount(0);
});
