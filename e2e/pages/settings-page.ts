import type { Locator, Page } from '@playwright/test';

/** Page object for Settings: keychain banner, connections, certificates and encrypted clouds. */
export class SettingsPage {
  readonly page: Page;
  readonly banner: Locator;
  readonly connectionsTable: Locator;
  readonly certificatesTable: Locator;

  constructor(page: Page) {
    this.page = page;
    this.banner = page.getByTestId('keychain-banner');
    this.connectionsTable = page.getByTestId('connections-table');
    this.certificatesTable = page.getByTestId('certificates-table');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await this.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  }

  async addConnection(connection: { name: string; address: string; userName: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'Add connection' }).click();
    await this.page.getByLabel('Connection name').fill(connection.name);
    await this.page.getByLabel('Address').fill(connection.address);
    await this.page.getByLabel('User name').fill(connection.userName);
    await this.page.getByRole('button', { name: 'Add', exact: true }).click();
  }

  async storeSecret(connectionName: string, secret: string): Promise<void> {
    await this.page.getByRole('button', { name: `Store secret for ${connectionName}` }).click();
    await this.page.getByLabel('Secret', { exact: true }).fill(secret);
    await this.page.getByRole('button', { name: 'Store in keychain' }).click();
  }

  async importCertificate(file: { name: string; buffer: Buffer }, password?: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Import certificate' }).click();
    await this.page.getByTestId('certificate-file').setInputFiles({ name: file.name, mimeType: 'application/x-pkcs12', buffer: file.buffer });
    if (password !== undefined) await this.page.getByLabel('PFX password').fill(password);
    await this.page.getByRole('button', { name: 'Import', exact: true }).click();
  }

  scope(scopeId: string): Locator {
    return this.page.getByTestId(`scope-${scopeId}`);
  }

  async bind(scopeId: string, thumbprint: string): Promise<void> {
    const scope = this.scope(scopeId);
    await scope.getByTestId(`bind-select-${scopeId}`).click();
    await this.page.locator('.n-base-select-option').filter({ hasText: thumbprint }).click();
    await scope.getByRole('button', { name: 'Bind' }).click();
  }
}
