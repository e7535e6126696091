import { test as base } from '@playwright/test';
import { startConsoleHost, type ConsoleHost } from './console-host.ts';

/** Every test gets its own web host on a fresh data directory holding the built-in lab estate. */
export const test = base.extend<{ host: ConsoleHost }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from this pattern.
  host: async ({}, use) => {
    const host = await startConsoleHost();
    await use(host);
    await host.stop();
  },
});

export { expect } from '@playwright/test';
