// Secrets end to end in the web host (docs/decisions.md "Secrets: the keychain or nothing"): secrets stored from Settings reach the OS keychain (the private
// Secret Service npm test starts) and nowhere else; a PFX imported and bound in Settings satisfies R4.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext } from '@playwright/test';
import { LAB_PROVIDER_CERTIFICATES_FILE } from '../src-main/adapters/certificates/lab-provider-certificates.ts';
import { createKeychain } from '../src-main/adapters/keychain/keychain.ts';
import { generateCertificateFixtures, type CertificateFixtures } from '../src-main/test-support/certificate-fixtures.ts';
import { startConsoleHost, type ConsoleHost } from './console-host.ts';
import { expect, test } from './fixtures.ts';
import { SettingsPage } from './pages/settings-page.ts';

const SCOPE = 'vault-weu-encrypted';

async function invoke(request: APIRequestContext, host: ConsoleHost, channel: string, input: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  const response = await request.post(`${host.origin}/api/invoke`, { headers: { Authorization: `Bearer ${host.token}` }, data: { channel, input } });
  return response.json();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

let fixtures: CertificateFixtures;
test.beforeAll(async () => {
  fixtures = await generateCertificateFixtures(new Date());
});

/** A host whose lab vault expects `thumbprint`, as if the provider installation had issued that certificate. */
async function hostExpecting(thumbprint: string): Promise<ConsoleHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fc-e2e-'));
  writeFileSync(join(dataDir, LAB_PROVIDER_CERTIFICATES_FILE), JSON.stringify({ [SCOPE]: thumbprint }));
  const host = await startConsoleHost({ dataDir });
  return { ...host, stop: async () => { await host.stop(); rmSync(dataDir, { recursive: true, force: true }); } };
}

test.describe('keychain and certificates in Settings', () => {
  test.skip(!process.env.FC_KEYCHAIN_TESTS, 'needs the private Secret Service that npm test starts');

  test('a secret stored from Settings is in the OS keychain and nowhere in the data directory', async ({ page, host, request }) => {
    const settings = new SettingsPage(page);
    await settings.open(host.url);
    await expect(settings.banner).toContainText('OS keychain available');
    await settings.addConnection({ name: 'VMM primary', address: 'vmm01.contoso.local', userName: 'CONTOSO\\svc-asr' });
    await expect(settings.connectionsTable.getByText('No secret')).toBeVisible();
    const secret = `ui-secret-${randomBytes(12).toString('hex')}`;
    await settings.storeSecret('VMM primary', secret);
    await expect(settings.connectionsTable.getByText('Secret in keychain')).toBeVisible();

    const listed = await invoke(request, host, 'connections:list', {});
    const [connection] = listed.result as { id: string }[];
    expect(JSON.stringify(listed)).not.toContain(secret);
    const keychain = createKeychain();
    expect(await keychain.get(connection!.id)).toBe(secret);
    for (const file of filesUnder(host.dataDir)) expect(readFileSync(file).includes(secret), file).toBe(false);
    await keychain.delete(connection!.id);
  });

  test('a PFX imported from Settings and bound to the encrypted vault shows as bound; a wrong one is refused with R4\'s reason', async ({ page, request }) => {
    const host = await hostExpecting(fixtures.valid.thumbprint);
    try {
      const settings = new SettingsPage(page);
      await settings.open(host.url);
      await expect(settings.scope(SCOPE).getByTestId('bound-certificate')).toContainText('none');

      await settings.importCertificate({ name: 'other.pfx', buffer: fixtures.other.pfx('other-pw') }, 'other-pw');
      await expect(settings.certificatesTable.getByText(fixtures.other.thumbprint)).toBeVisible();
      await settings.bind(SCOPE, fixtures.other.thumbprint);
      await expect(page.getByText('is not the one issued for Recovery vault')).toBeVisible();

      await settings.importCertificate({ name: 'vault.pfx', buffer: fixtures.valid.pfx('vault-pw') }, 'vault-pw');
      await expect(settings.certificatesTable.getByText(fixtures.valid.thumbprint)).toBeVisible();
      await settings.bind(SCOPE, fixtures.valid.thumbprint);
      await expect(settings.scope(SCOPE).getByTestId('bound-certificate')).toHaveText(fixtures.valid.thumbprint);
      expect(await invoke(request, host, 'certificates:scopes', {})).toMatchObject({ ok: true, result: [{ scopeId: SCOPE, boundCertificateId: expect.any(String) }] });

      // Unbinding makes R4 refuse every failover to the cloud: it asks first, naming the cloud.
      await settings.scope(SCOPE).getByRole('button', { name: 'Unbind' }).click();
      const confirm = page.getByRole('dialog');
      await expect(confirm).toContainText('Recovery vault');
      await expect(confirm).toContainText('will be refused (R4)');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toBeHidden();
      await expect(settings.scope(SCOPE).getByTestId('bound-certificate')).toHaveText(fixtures.valid.thumbprint);
      await settings.scope(SCOPE).getByRole('button', { name: 'Unbind' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Unbind' }).click();
      await expect(settings.scope(SCOPE).getByTestId('bound-certificate')).toContainText('none');
    } finally {
      await host.stop();
    }
  });

  test('a wrong PFX password is refused in the import dialog with its reason', async ({ page, host }) => {
    const settings = new SettingsPage(page);
    await settings.open(host.url);
    await settings.importCertificate({ name: 'vault.pfx', buffer: fixtures.valid.pfx('right') }, 'wrong');
    await expect(page.getByTestId('certificate-import-error')).toContainText('The password does not open this PFX');
  });

  // R4 end to end: preflight:run (the rules, docs/rules.md) reads the binding through app.certificates.factsFor.
  test('R4: a test failover to the encrypted vault is refused without the certificate and passes pre-flight once it is bound', async ({ page, request }) => {
    const host = await hostExpecting(fixtures.valid.thumbprint);
    try {
      const request4 = { operation: 'test-failover', scope: { planId: 'plan-finance-ready' }, testNetwork: { option: 'none' } };
      const before = await invoke(request, host, 'preflight:run', request4);
      const beforeResult = before.result as { checks: { ruleId: string; status: string; message: string }[]; mayStart: boolean };
      expect(beforeResult.mayStart).toBe(false);
      expect(beforeResult.checks.filter((check) => check.ruleId === 'R4').map((check) => check.status)).toContain('fail');

      const settings = new SettingsPage(page);
      await settings.open(host.url);
      await settings.importCertificate({ name: 'vault.pfx', buffer: fixtures.valid.pfx('vault-pw') }, 'vault-pw');
      await settings.bind(SCOPE, fixtures.valid.thumbprint);
      await expect(settings.scope(SCOPE).getByTestId('bound-certificate')).toHaveText(fixtures.valid.thumbprint);

      const after = await invoke(request, host, 'preflight:run', request4);
      const afterResult = after.result as { checks: { ruleId: string; status: string }[]; mayStart: boolean };
      expect(afterResult.checks.filter((check) => check.ruleId === 'R4').every((check) => check.status === 'pass')).toBe(true);
      expect(afterResult.mayStart).toBe(true);
    } finally {
      await host.stop();
    }
  });
});

test('without a Secret Service Settings says the keychain is unavailable, with the remedy, and stores nothing', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fc-e2e-'));
  const host = await startConsoleHost({ dataDir, env: { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dataDir, 'no-such-bus')}` } });
  try {
    const settings = new SettingsPage(page);
    await settings.open(host.url);
    await expect(settings.banner).toContainText('The OS keychain is not available');
    await expect(settings.banner).toContainText('Start a Secret Service (gnome-keyring) and unlock it');
    await settings.addConnection({ name: 'Azure', address: 'subscription-1', userName: 'app-id' });
    await expect(settings.connectionsTable.getByText('Keychain unavailable')).toBeVisible();
    await settings.storeSecret('Azure', 'never-stored-anywhere');
    await expect(page.getByTestId('secret-error')).toContainText('is not available');
    for (const file of filesUnder(dataDir)) expect(readFileSync(file).includes('never-stored-anywhere'), file).toBe(false);
    expect((await invoke(request, host, 'keychain:status', {})).result).toMatchObject({ available: false });
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('Settings is reachable and usable from the keyboard, and axe finds no serious accessibility violation', async ({ page, host }) => {
  const settings = new SettingsPage(page);
  await settings.open(host.url);
  const addButton = page.getByRole('button', { name: 'Add connection' });
  for (let presses = 0; presses < 30 && !(await addButton.evaluate((element) => element === document.activeElement)); presses += 1) {
    await page.keyboard.press('Tab');
  }
  await expect(addButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Connection name')).toBeVisible();
  await page.getByLabel('Connection name').focus();
  await page.keyboard.type('Keyboard VMM');
  await page.getByLabel('Address').focus();
  await page.keyboard.type('vmm09');
  await page.getByLabel('User name').focus();
  await page.keyboard.type('svc');
  await page.keyboard.press('Enter');
  await expect(settings.connectionsTable.getByRole('cell', { name: 'Keyboard VMM', exact: true })).toBeVisible();

  const { violations } = await new AxeBuilder({ page }).include('section.settings').analyze();
  expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
});
