import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import type { ConsoleHost } from './console-host.ts';
import { ConsolePage } from './pages/console-page.ts';
import { ScriptsPage } from './pages/scripts-page.ts';

async function invoke(request: APIRequestContext, host: ConsoleHost, channel: string, input: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  const response = await request.post(`${host.origin}/api/invoke`, { headers: { Authorization: `Bearer ${host.token}` }, data: { channel, input } });
  return response.json();
}

interface PlanGroupView {
  id: string;
  name: string;
  before: { id: string; kind: string; title: string }[];
}

test('R18 R12: wizard 5 for Contoso Apps writes the test network\'s addresses into the DNS script and adds the checklist before Group 1', async ({ page, host, request }) => {
  const console = new ConsolePage(page);
  const wizard = new ScriptsPage(page);
  await console.open(host.url);
  await console.navigate('Scripts');
  await expect(page.getByRole('heading', { name: 'AD/DNS preparation for a test failover' })).toBeVisible();

  // Step 1: plan, topology, AD copy method.
  await expect(wizard.next).toBeDisabled();
  await wizard.choosePlan('Contoso Apps');
  await wizard.chooseRadio('On one machine (AD and DNS together)');
  await expect(wizard.radio('On one machine (AD and DNS together)')).toBeChecked();
  await wizard.chooseRadio('Active Directory replication + snapshot');
  await expect(wizard.radio('Active Directory replication + snapshot')).toBeChecked();
  await wizard.next.click();

  // Step 2: the estate's suggestions are filled in; a hostile zone is refused with its reason.
  const zone = page.getByLabel('Forest root zone');
  await expect(zone).toHaveValue('contoso.local');
  await expect(page.getByLabel('Test DNS server name')).toHaveValue('DC01');
  await expect(page.getByLabel('Test DNS server address')).toHaveValue('10.1.0.10');
  await zone.fill('contoso.local"; calc; "');
  await expect(page.getByText('The zone has """ (U+0022) at position 14')).toBeVisible();
  await expect(wizard.next).toBeDisabled();
  await zone.fill('contoso.com');
  await wizard.next.click();

  // Step 3: static addresses; the records of APP02 and APP03 only, at their addresses in the chosen test network
  // (R12/R18) — the isolated VLAN bubble by default, then the WNV bubble — never their production ones.
  await wizard.chooseRadio('Static addresses from the test static IP pools');
  await expect(wizard.radio('Static addresses from the test static IP pools')).toBeChecked();
  await expect(wizard.radio('Existing network: Test bubble (VLAN, isolated)')).toBeChecked();
  await expect(wizard.networkOption('Existing network: Staging (VLAN, static, no pool defined)')).toHaveAttribute('data-available', 'false');
  await expect(page.getByRole('checkbox', { name: 'APP02 (10.1.0.200)' })).toBeChecked();
  await wizard.chooseRadio('Existing network: Test bubble (WNV, isolated)');
  await expect(page.getByRole('checkbox', { name: 'APP02 (10.3.0.150)' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'APP03 (10.3.0.151)' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'FILE01 (10.3.0.152)' }).uncheck();
  await wizard.generate.click();

  // Step 4: the checklist and the three scripts.
  await expect(wizard.checklist).toContainText('AD/DNS preparation for a test failover of Contoso Apps');
  await expect(wizard.checklist).toContainText('take a snapshot of the replica Active Directory machine');
  await expect(wizard.checklist).toContainText('The zone is named after the forest root: contoso.com.');
  await expect(wizard.file('update-dns-records.ps1')).toContainText("Update-TestDnsRecord -Zone 'contoso.com' -Name 'APP02' -IP '10.3.0.150'");
  await expect(wizard.file('update-dns-records.ps1')).toContainText("-Name 'APP03' -IP '10.3.0.151'");
  await expect(wizard.file('update-dns-records.ps1')).not.toContainText('10.1.0.31');
  await expect(wizard.file('update-dns-records.ps1')).not.toContainText('FILE01');
  await expect(wizard.file('create-test-dns-zone.cmd')).toContainText('dnscmd /config "contoso.com" /allowupdate 1');
  await expect(wizard.file('register-dc-dns-records.cmd')).toContainText('nltest /dsregdns');

  // Copy puts the script on the clipboard as generated.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  await page.getByRole('button', { name: 'Copy register-dc-dns-records.cmd' }).click();
  await expect(page.getByText('register-dc-dns-records.cmd copied')).toBeVisible();
  const clipboard = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(clipboard).toContain('nltest /dsregdns || exit /b 1');

  // Save downloads the file as generated.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save create-test-dns-zone.cmd' }).click()]);
  expect(download.suggestedFilename()).toBe('create-test-dns-zone.cmd');
  expect(readFileSync(await download.path(), 'utf8')).toContain('dnscmd /zoneadd "contoso.com" /Primary /file "contoso.com.dns"');
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save checklist (.html)' }).click()]);
  expect(html.suggestedFilename()).toBe('ad-dns-checklist.html');

  // Add to plan, then verify through the API that Group 1 of plan-apps starts with the manual action.
  await wizard.addToPlan.click();
  await expect(wizard.added).toContainText('now runs before Group 1 of Contoso Apps');
  await expect(wizard.addToPlan).toBeDisabled();
  const context = await invoke(request, host, 'scripts:context', {});
  const plans = (context.result as { plans: { id: string; groups: PlanGroupView[] }[] }).plans;
  const group1 = plans.find((plan) => plan.id === 'plan-apps')?.groups[0];
  expect(group1?.name).toBe('Group 1');
  expect(group1?.before).toEqual([{ id: 'addns-preparation', kind: 'manual', title: 'Prepare AD/DNS in the test network (R18)' }]);
});

test('wizard 5 has no accessibility violations in its question and result steps', async ({ page, host }) => {
  const console = new ConsolePage(page);
  const wizard = new ScriptsPage(page);
  await console.open(host.url);
  await console.navigate('Scripts');
  await wizard.choosePlan('Contoso Apps');
  // The shell's landmarks are the foundation's; this checks the wizard itself.
  const scan = () => new AxeBuilder({ page }).include('#addns-wizard').analyze();
  expect((await scan()).violations.map((violation) => violation.id)).toEqual([]);
  await wizard.next.click();
  await wizard.next.click();
  await wizard.generate.click();
  await expect(wizard.checklist).toBeVisible();
  expect((await scan()).violations.map((violation) => violation.id)).toEqual([]);
});

test('a hostile value sent straight to the API is refused with its reason and reaches no script', async ({ request, host }) => {
  const refused = await invoke(request, host, 'scripts:dns-zone', { zone: 'contoso.com', server: 'DC01&calc', ip: '10.1.0.10' });
  expect(refused.ok).toBe(false);
  expect(refused.error?.code).toBe('INVALID_INPUT');
  expect(refused.error?.message).toContain('The DNS server name has "&" (U+0026) at position 5');
});

interface JobView {
  id: string;
  status: string;
  phase: string | null;
  steps: { id: string; label: string; gate?: string; status: string; itemId?: string }[];
}

/** Polls jobs:get until the job rests (waiting for the operator or finished); the lab runs at time scale 0. */
async function restingJob(request: APIRequestContext, host: ConsoleHost, jobId: string): Promise<JobView> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const job = (await invoke(request, host, 'jobs:get', { jobId })).result as JobView;
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${jobId} did not come to rest`);
}

// The reference's order: AD/DNS fail over first into the test network (here the domain controller DC01 of the
// primary site), the applications' plan waits at the AD/DNS manual action, and completion goes in reverse order.
test('R18: a test failover of plan-apps waits at the AD/DNS manual action and completes in reverse order', async ({ request, host }) => {
  const prepared = await invoke(request, host, 'scripts:add-to-plan', {
    planId: 'plan-apps',
    topology: 'same-vm',
    copyMethod: 'hyper-v-replication',
    zone: 'contoso.local',
    dnsServerName: 'DC01',
    dnsServerIp: '10.1.0.10',
    addressing: 'static',
  });
  expect(prepared.ok).toBe(true);
  const testNetwork = { option: 'existing', networkId: 'net-s-test-vlan' };

  // AD/DNS first, into the network the applications will use.
  const adStart = await invoke(request, host, 'jobs:start', { operation: 'test-failover', scope: { itemId: 'dc01' }, testNetwork });
  expect(adStart.error).toBeUndefined();
  const adJob = await restingJob(request, host, (adStart.result as JobView).id);
  expect(adJob).toMatchObject({ status: 'waiting-for-operator', phase: 'complete-test' });

  // The applications' test failover stops at the manual action before Group 1: no test machine yet.
  const started = await invoke(request, host, 'jobs:start', { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork });
  expect(started.error).toBeUndefined();
  let job = await restingJob(request, host, (started.result as JobView).id);
  expect(job).toMatchObject({ status: 'waiting-for-operator', phase: 'manual-action' });
  const gate = job.steps.find((step) => step.gate === 'manual-action' && step.status === 'waiting');
  expect(gate?.label).toBe('Prepare AD/DNS in the test network (R18)');
  expect(job.steps.filter((step) => step.itemId && step.status !== 'pending')).toEqual([]);

  // Confirming continues it: every application machine is created and started, then Complete testing waits.
  const confirmed = await invoke(request, host, 'jobs:confirm', { jobId: job.id, note: 'DC01 is up in the test network; zone contoso.local ready.' });
  expect(confirmed.ok).toBe(true);
  job = await restingJob(request, host, job.id);
  expect(job).toMatchObject({ status: 'waiting-for-operator', phase: 'complete-test' });
  const started3 = job.steps.filter((step) => step.label === 'Start the test machine' && step.status === 'succeeded').map((step) => step.itemId);
  expect(started3.sort()).toEqual(['app02', 'app03', 'file01']);

  // Complete in reverse order: the application machines first, then AD/DNS.
  expect((await invoke(request, host, 'jobs:complete-test', { jobId: job.id, notes: 'Applications answered.', verdict: 'passed' })).ok).toBe(true);
  expect((await restingJob(request, host, job.id)).status).toBe('succeeded');
  expect((await invoke(request, host, 'jobs:complete-test', { jobId: adJob.id, notes: 'AD/DNS test done.', verdict: 'passed' })).ok).toBe(true);
  expect((await restingJob(request, host, adJob.id)).status).toBe('succeeded');
  const ops = (await invoke(request, host, 'lab:ops', {})).result as { operation: string; itemId?: string; outcome: string }[];
  const deleted = ops.filter((op) => op.operation === 'delete-test-machine' && op.outcome === 'ok').map((op) => op.itemId);
  expect(deleted.at(-1)).toBe('dc01');
  // Within the plan, reverse group order: Group 2 (FILE01) before Group 1.
  expect(deleted.indexOf('file01')).toBeLessThan(Math.min(deleted.indexOf('app02'), deleted.indexOf('app03')));
});
