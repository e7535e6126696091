// The desktop shell: the only file that wires Electron to the engine. Everything it calls runs in plain
// Node too (web host, CLI, tests); this file adds the window, the IPC transport and the security rules.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, type OpenDialogOptions } from 'electron';
import type { FilePicker } from './application/services.ts';
import { createAppContext, type AppContext } from './composition/app-context.ts';
import { resolveDataDir } from './application/paths.ts';
import { log } from './application/log.ts';
import { CHANNEL_NAMES } from './contract/index.ts';
import { ipcInvokeHandler } from './transports/electron/ipc-invoke.ts';
import { isTrustedSender, type TrustedOrigins } from './transports/electron/sender.ts';
import { denyAllPermissions, guardWebContents } from './transports/electron/security.ts';
import { CONTENT_SECURITY_POLICY, mainWindowOptions } from './transports/electron/window-options.ts';

const rendererIndexFile = join(import.meta.dirname, '../renderer/index.html');
const trusted: TrustedOrigins = {
  rendererIndexFile,
  ...(!app.isPackaged && process.env.ELECTRON_RENDERER_URL ? { devServerUrl: process.env.ELECTRON_RENDERER_URL } : {}),
};
const isAppUrl = (url: string): boolean => isTrustedSender(url, trusted);

function dataDirFromArgs(argv: readonly string[]): string | undefined {
  const index = argv.indexOf('--data-dir');
  return index >= 0 ? argv[index + 1] : undefined;
}

let context: AppContext | undefined;

let mainWindow: BrowserWindow | undefined;

/** certificates:pick-file: the native open dialog; the main process reads the chosen file, the renderer never names a path. */
const certificateFilePicker: FilePicker = {
  async pickCertificateFile() {
    const options: OpenDialogOptions = {
      title: 'Import an encryption certificate',
      properties: ['openFile'],
      filters: [{ name: 'Certificates', extensions: ['pfx', 'p12', 'pem', 'cer', 'crt'] }],
    };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
};

function registerIpc(appContext: AppContext): void {
  for (const channel of CHANNEL_NAMES) {
    // Each call gets its request context: the OS user, this window as the session (docs/architecture.md).
    const handle = ipcInvokeHandler(appContext, channel, trusted, (event) => BrowserWindow.fromWebContents(event.sender as Electron.WebContents)?.id);
    ipcMain.handle(channel, (event, input: unknown, meta: unknown) => handle(event, input, meta));
  }
  appContext.events.subscribe((name, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(name, payload);
  });
}

function createWindow(): void {
  const window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/index.cjs')));
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  if (trusted.devServerUrl) void window.loadURL(trusted.devServerUrl);
  else void window.loadFile(rendererIndexFile);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isAppUrl));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => context?.close());

  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
    try {
      context = createAppContext({
        dataDir: resolveDataDir(dataDirFromArgs(process.argv), app.getPath('userData')),
        resourcesDir: join(app.getAppPath(), 'resources'),
        filePicker: certificateFilePicker,
        // Jobs left in flight resume on open; R10's forced completion runs periodically.
        background: true,
      });
    } catch (error) {
      log.error('the console could not start', { error });
      app.exit(1);
      return;
    }
    registerIpc(context);
    createWindow();
  });
}
