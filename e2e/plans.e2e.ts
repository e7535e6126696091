// Plan actions scoped by operation and direction (like Site Recovery's failover types and directions): the editor
// shows and edits them on every action, and the plan view shows which actions a chosen operation meets, by the rule
// the job engine picks them with.
import { expectAccessible } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { PlansPage } from './pages/plans-page.ts';
import { invoke } from './pages/wizard-page.ts';

interface PlanView {
  groups: { id: string; before: { id: string; runOn?: string[]; directions?: string[] }[]; after: { id: string; runOn?: string[]; directions?: string[] }[] }[];
}

test('R10 R17: the plan view marks the actions a test failover and a failback meet; the editor edits an action\'s operations and directions', async ({ page, host, request }) => {
  const plans = new PlansPage(page);
  await plans.open(host, 'plan-core');

  // A script with the default run-on (every operation but a test failover, R10), added in the editor.
  await plans.edit();
  await plans.addScript('Group 1', 'Repoint production DNS', 'true');
  // The existing manual action after Group 3: only on the way back.
  await plans.editScope('Check the web tier');
  await page.getByLabel('Failover directions Check the web tier runs in').getByText('primary → recovery', { exact: true }).click();
  await expectAccessible(page);
  await plans.save();
  const saved = (await invoke<PlanView>(request, host, 'plans:get', { planId: 'plan-core' })).result!;
  expect(saved.groups.find((group) => group.id === 'g3')?.after[0]).toMatchObject({ id: 'check-web', directions: ['recovery-to-primary'] });
  expect(saved.groups.find((group) => group.id === 'g1')?.before[0]?.runOn).not.toContain('test-failover');

  // A test failover away from the source site meets neither: the script skips drills, the check runs on the way back.
  await plans.previewOperation('Test failover');
  await expect(plans.action('Repoint production DNS')).toHaveAttribute('data-meets', 'false');
  await expect(plans.action('Check the web tier')).toHaveAttribute('data-meets', 'false');
  await expect(page.getByTestId('actions-met-count')).toHaveText('Test failover meets 0 of 2 actions');
  // A planned failover meets the script; on the way back a failback meets both.
  await plans.previewOperation('Planned failover');
  await expect(plans.action('Repoint production DNS')).toHaveAttribute('data-meets', 'true');
  await expect(plans.action('Check the web tier')).toHaveAttribute('data-meets', 'false');
  await plans.previewOperation('Failback');
  await page.getByText('Back to the source site', { exact: true }).click();
  await expect(plans.action('Repoint production DNS')).toHaveAttribute('data-meets', 'true');
  await expect(plans.action('Check the web tier')).toHaveAttribute('data-meets', 'true');
  await expect(page.getByTestId('actions-met-count')).toHaveText('Failback meets 2 of 2 actions');
  await expectAccessible(page);

  // The engine agrees: a test failover of the plan runs no script and stops at no manual action.
  const started = await invoke<{ id: string }>(request, host, 'jobs:start', { operation: 'test-failover', scope: { planId: 'plan-core' }, testNetwork: { option: 'existing', networkId: 'net-s-test-vlan' } });
  expect(started.error).toBeUndefined();
  await expect
    .poll(async () => (await invoke<{ phase: string | null }>(request, host, 'jobs:get', { jobId: started.result!.id })).result?.phase, { timeout: 20_000 })
    .toBe('complete-test');
  const job = (await invoke<{ steps: { op?: string; gate?: string }[] }>(request, host, 'jobs:get', { jobId: started.result!.id })).result!;
  expect(job.steps.filter((step) => step.op === 'script' || step.gate === 'manual-action')).toEqual([]);
});

test('a plan can hold its groups to a number of machines at once; empty, a group fails over together', async ({ page, host, request }) => {
  const plans = new PlansPage(page);
  await plans.open(host, 'plan-apps');
  await plans.edit();
  await page.getByLabel('Machines at once in each group').fill('1');
  await page.getByLabel('Machines at once in each group').blur();
  await expectAccessible(page);
  await plans.save();
  expect((await invoke<{ maxParallelPerGroup?: number }>(request, host, 'plans:get', { planId: 'plan-apps' })).result?.maxParallelPerGroup).toBe(1);
  await expect(page.getByTestId('plan-direction')).toContainText('at most 1 machine of a group at once');

  await plans.edit();
  await page.getByLabel('Machines at once in each group').fill('');
  await page.getByLabel('Machines at once in each group').blur();
  await plans.save();
  expect((await invoke<{ maxParallelPerGroup?: number }>(request, host, 'plans:get', { planId: 'plan-apps' })).result).not.toHaveProperty('maxParallelPerGroup');
  await expect(page.getByTestId('plan-direction')).not.toContainText('at once');
});
