import type { Locator, Page } from '@playwright/test';

/** Page object for the console shell: navigation and the theme switch. */
export class ConsolePage {
  readonly page: Page;
  readonly themeSwitch: Locator;
  readonly sitesTable: Locator;
  /** Lab or production: the shell's permanent estate badge. */
  readonly estateBadge: Locator;

  constructor(page: Page) {
    this.page = page;
    this.themeSwitch = page.getByTestId('theme-switch');
    this.sitesTable = page.getByTestId('sites-table');
    this.estateBadge = page.getByTestId('estate-badge');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  }

  async navigate(label: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
  }

  /** The page background: the dark theme's is near-black, the light theme's near-white. */
  async backgroundLuminance(): Promise<number> {
    return this.page.evaluate(() => {
      // Runs in the page; the Node-side tsconfig has no DOM lib, so the two globals are typed here.
      const view = globalThis as unknown as { document: { body: unknown }; getComputedStyle(element: unknown): { backgroundColor: string } };
      const color = view.getComputedStyle(view.document.body).backgroundColor;
      const [r, g, b] = (color.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
      return (0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0)) / 255;
    });
  }
}
