// The desktop shell itself, where Electron's binary is installed. Everything it wires (engine, contract,
// renderer) is also covered in plain Node and through the web host in Chromium, so skipping here loses
// only the thin shell.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { installedElectronBinary } from '../src-main/application/electron-binary.ts';


const binary = installedElectronBinary();

test.describe('desktop shell', () => {
  test.skip(!binary, "Electron's binary is not installed here (its download is unreachable); the web host tests cover the same renderer and engine");

  test('opens a sandboxed window that lists the lab sites through the preload bridge', async () => {
    const app = await electron.launch({
      executablePath: binary,
      args: [join(import.meta.dirname, '..'), '--data-dir', mkdtempSync(join(tmpdir(), 'fc-electron-'))],
    });
    const window = await app.firstWindow();
    await expect(window.getByTestId('sites-table').locator('tbody tr')).toHaveCount(6);
    const surface = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      api: Object.keys((globalThis as { api?: object }).api ?? {}),
    }));
    expect(surface).toEqual({ require: 'undefined', process: 'undefined', api: ['invoke', 'subscribe'] });
    await app.close();
  });
});
