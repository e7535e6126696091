// The IPC transport builds each call's request context: the OS user, the sending window as the session and
// the client version the preload sends beside the input (docs/architecture.md, "Request context").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { osPrincipal } from '../../application/request-context.ts';
import { auditRows, planWithNewScript } from '../../test-support/audit-rows.ts';
import { createTempApp, type TempApp } from '../../test-support/temp-app.ts';
import { ipcInvokeHandler } from './ipc-invoke.ts';

let t: TempApp;
let rendererDir: string;
beforeEach(() => {
  t = createTempApp();
  rendererDir = mkdtempSync(join(tmpdir(), 'fc-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '');
});
afterEach(() => {
  t.dispose();
  rmSync(rendererDir, { recursive: true, force: true });
});

describe('IPC request context', () => {
  it('records the OS user as the actor, the window as the session and the renderer’s version', async () => {
    const rendererIndexFile = join(rendererDir, 'index.html');
    const handle = ipcInvokeHandler(t.app, 'plans:update', { rendererIndexFile }, () => 3);
    // A stand-in for Electron's IpcMainInvokeEvent (the peer we cannot run here); dispatch, handler and audit are real.
    const event = { sender: { id: 11 }, senderFrame: { url: pathToFileURL(rendererIndexFile).href } };
    const reply = await handle(event, { plan: planWithNewScript(t.app) }, { clientVersion: 'renderer/2.0.0' });
    expect(reply.ok).toBe(true);
    expect(auditRows(t.app, 'plan.script-')).toEqual([
      { actor: osPrincipal(), action: 'plan.script-added', details: expect.objectContaining({ via: 'ipc:window-3', clientVersion: 'renderer/2.0.0' }) },
    ]);
  });

  it('refuses an untrusted sender before any context is built or anything is written', async () => {
    const handle = ipcInvokeHandler(t.app, 'plans:update', { rendererIndexFile: join(rendererDir, 'index.html') }, () => 3);
    const reply = await handle({ sender: { id: 1 }, senderFrame: { url: 'https://evil.example/' } }, { plan: planWithNewScript(t.app) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(auditRows(t.app, 'plan.script-')).toEqual([]);
  });
});
