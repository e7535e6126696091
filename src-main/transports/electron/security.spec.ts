// Electron's security checklist, asserted on the window options, the security handlers and the exact
// surface the preload exposes. Electron itself is replaced by recording stand-ins: these modules only
// hand their settings to Electron, and the binary cannot run here (see e2e/electron.e2e.ts for the real app).
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CONTRACT_VERSION } from '../../contract/version.ts';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../contract/index.ts';
import { denyAllPermissions, guardWebContents } from './security.ts';
import { CONTENT_SECURITY_POLICY, mainWindowOptions } from './window-options.ts';

const exposed: Record<string, unknown> = {};
const ipcCalls: unknown[][] = [];
const listeners = new Map<string, (...args: unknown[]) => void>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => (ipcCalls.push(args), Promise.resolve({ ok: true, result: 'from-main' })),
    on: (name: string, listener: (...args: unknown[]) => void) => listeners.set(name, listener),
    removeListener: (name: string) => listeners.delete(name),
  },
}));

describe('main window options', () => {
  const options = mainWindowOptions('/app/out/preload/index.cjs');
  const web = options.webPreferences ?? {};

  it('isolates the page: context isolation, sandbox, no Node integration anywhere', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and unsafe features off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
  });

  it('is shown on ready-to-show, not before, and loads the bundled preload', () => {
    expect(options.show).toBe(false);
    expect(web.preload).toBe('/app/out/preload/index.cjs');
  });

  it("has a strict CSP: scripts only from the app, no objects, no framing; naive-ui's inline styles allowed", () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self' 'unsafe-inline'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    const html = readFileSync(new URL('../../../src-renderer/index.html', import.meta.url), 'utf8');
    expect(html).toContain("script-src 'self'");
    expect(html).not.toMatch(/script-src[^;"]*unsafe/);
  });
});

describe('security handlers', () => {
  it('denies every permission request and check but writing to the clipboard (Copy buttons)', () => {
    let request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: ((wc: unknown, permission: string) => boolean) | undefined;
    denyAllPermissions({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) });
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const granted = vi.fn();
      request?.(null, permission, granted);
      expect(granted).toHaveBeenCalledWith(false);
      expect(check?.(null, permission)).toBe(false);
    }
    const granted = vi.fn();
    request?.(null, 'clipboard-sanitized-write', granted);
    expect(granted).toHaveBeenCalledWith(true);
    expect(check?.(null, 'clipboard-read')).toBe(false);
  });

  it('blocks navigation away from the app, new windows and webviews', () => {
    const handlers = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    guardWebContents(
      {
        on: (name: string, listener: (event: { preventDefault(): void }, url?: string) => void) => handlers.set(name, listener),
        setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => (openHandler = handler),
      } as never,
      (url) => url.startsWith('file:///app/'),
    );
    const prevented = (name: string, url?: string): boolean => {
      const event = { preventDefault: vi.fn() };
      handlers.get(name)?.(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-redirect', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'file:///app/index.html')).toBe(false);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });
});

describe('preload bridge', () => {
  it('exposes exactly `api` with one invoke per contract channel and one subscribe per event, nothing else', async () => {
    await import('../../../src-preload/index.ts');
    expect(Object.keys(exposed)).toEqual(['api']);
    const api = exposed.api as { invoke: Record<string, unknown>; subscribe: Record<string, unknown> };
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe']);
    expect(Object.keys(api.invoke).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(Object.keys(api.subscribe).sort()).toEqual([...EVENT_NAMES].sort());
    for (const fn of [...Object.values(api.invoke), ...Object.values(api.subscribe)]) expect(typeof fn).toBe('function');
  });

  it('forwards an invoke to its own channel and never hands the IPC event object to the page', async () => {
    await import('../../../src-preload/index.ts');
    const api = exposed.api as {
      invoke: Record<string, (input: unknown) => Promise<unknown>>;
      subscribe: Record<string, (listener: (...args: unknown[]) => void) => () => void>;
    };
    await expect(api.invoke['sites:list']!({})).resolves.toEqual({ ok: true, result: 'from-main' });
    // The request meta travels beside the input (RequestContext.clientVersion), never inside it.
    expect(ipcCalls.at(-1)).toEqual(['sites:list', {}, { clientVersion: `renderer/${CONTRACT_VERSION}` }]);
    const received: unknown[][] = [];
    const unsubscribe = api.subscribe['preferences:changed']!((...args) => received.push(args));
    listeners.get('preferences:changed')?.({ sender: 'ipc-event-object' }, { theme: 'light' });
    expect(received).toEqual([[{ theme: 'light' }]]);
    unsubscribe();
    expect(listeners.has('preferences:changed')).toBe(false);
  });
});
