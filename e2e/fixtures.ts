import { test as base } from '@playwright/test';
import { startConsoleHost, type ConsoleHost } from './console-host.ts';

/** Every test gets its own web host on a fresh data directory holding the built-in lab estate. */
export const test = base.extend<{ host: ConsoleHost }>({
  // Playwright reads the fixture's dependencies from this destructuring; this one has none.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const host = await startConsoleHost();
    await use(host);
    await host.stop();
  },
});

export { expect } from '@playwright/test';
