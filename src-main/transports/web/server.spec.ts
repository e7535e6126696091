import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempApp, snapshotDatabase, type TempApp } from '../../test-support/temp-app.ts';
import { osPrincipal } from '../../application/request-context.ts';
import { auditRows, planWithNewScript } from '../../test-support/audit-rows.ts';
import { BEARER_SESSION, MAX_BODY_BYTES, sessionCookieName, startWebHost, tokenCookieName, type WebHost } from './server.ts';

let temp: TempApp;
let host: WebHost;
let staticDir: string;

beforeEach(async () => {
  temp = createTempApp();
  staticDir = mkdtempSync(join(tmpdir(), 'fc-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  host = await startWebHost({ app: temp.app, staticDir });
});
afterEach(async () => {
  await host.close();
  temp.dispose();
  rmSync(staticDir, { recursive: true, force: true });
});

interface Reply {
  ok: boolean;
  result?: unknown;
  error: { code: string; message: string };
}
const reply = async (response: Response): Promise<Reply> => (await response.json()) as Reply;
const origin = (): string => `http://127.0.0.1:${host.port}`;
const invoke = (body: string, headers: Record<string, string> = { Authorization: `Bearer ${host.token}` }) =>
  fetch(`${origin()}/api/invoke`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

describe('web host', () => {
  it('binds to 127.0.0.1 and prints a URL carrying a random token', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const other = await startWebHost({ app: temp.app, staticDir });
    expect(other.token).not.toBe(host.token);
    await other.close();
  });

  it('answers the dispatch envelope for POST /api/invoke with the bearer token', async () => {
    const response = await invoke(JSON.stringify({ channel: 'preferences:get', input: {} }));
    expect(response.status).toBe(200);
    expect(await reply(response)).toEqual({ ok: true, result: { theme: 'dark' } });
  });

  it('refuses a request without the right token with 401 and changes nothing', async () => {
    const before = snapshotDatabase(temp.app);
    const body = JSON.stringify({ channel: 'preferences:set', input: { theme: 'light' } });
    for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Cookie: `${tokenCookieName(host.port)}=wrong` }, { Authorization: host.token }]) {
      const response = await invoke(body, headers as Record<string, string>);
      expect(response.status).toBe(401);
      expect((await reply(response)).error.code).toBe('UNAUTHORIZED');
    }
    expect(snapshotDatabase(temp.app)).toEqual(before);
  });

  it('trades the token in the URL for an HttpOnly cookie of its own port and drops the token from the address', async () => {
    const page = await fetch(host.url, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/');
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`fc_token_${host.port}=${host.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const withoutToken = await fetch(`${origin()}/`);
    expect(withoutToken.headers.get('set-cookie')).toBeNull();
    const response = await invoke(JSON.stringify({ channel: 'sites:list', input: {} }), { Cookie: `${tokenCookieName(host.port)}=${host.token}` });
    expect((await reply(response)).ok).toBe(true);
  });

  it('refuses an API call from another origin, even one on another port of 127.0.0.1 carrying the cookie', async () => {
    const before = snapshotDatabase(temp.app);
    const body = JSON.stringify({ channel: 'preferences:set', input: { theme: 'light' } });
    const cookie = { Cookie: `${tokenCookieName(host.port)}=${host.token}` };
    for (const headers of [
      { ...cookie, Origin: 'http://127.0.0.1:1' },
      { ...cookie, 'Sec-Fetch-Site': 'same-site' },
      { ...cookie, 'Sec-Fetch-Site': 'cross-site' },
    ]) {
      const response = await invoke(body, headers);
      expect(response.status).toBe(403);
    }
    const plainText = await fetch(`${origin()}/api/invoke`, { method: 'POST', headers: { ...cookie, 'Content-Type': 'text/plain' }, body });
    expect(plainText.status).toBe(415);
    expect(snapshotDatabase(temp.app)).toEqual(before);
    const own = await invoke(body, { ...cookie, Origin: origin(), 'Sec-Fetch-Site': 'same-origin' });
    expect((await reply(own)).ok).toBe(true);
  });

  it('answers 400 with a typed error for malformed JSON', async () => {
    const response = await invoke('{"channel": "sites:list",');
    expect(response.status).toBe(400);
    expect(await reply(response)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' } });
    const notAnObject = await invoke('[1,2]');
    expect(notAnObject.status).toBe(400);
  });

  it('answers 413 for a body over 1 MiB and changes nothing', async () => {
    const before = snapshotDatabase(temp.app);
    const big = JSON.stringify({ channel: 'preferences:set', input: { theme: 'light', pad: 'x'.repeat(MAX_BODY_BYTES) } });
    const response = await invoke(big);
    expect(response.status).toBe(413);
    expect((await reply(response)).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(snapshotDatabase(temp.app)).toEqual(before);
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: host.port, path: '/api/invoke', method: 'POST', headers: { Host: 'evil.example', Authorization: `Bearer ${host.token}` } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end('{"channel":"sites:list"}');
    });
    expect(status).toBe(403);
  });

  it('streams contract events as server-sent events to an authorised client', async () => {
    const controller = new AbortController();
    const response = await fetch(`${origin()}/api/events`, { headers: { Authorization: `Bearer ${host.token}` }, signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    await reader.read(); // ": connected"
    await invoke(JSON.stringify({ channel: 'preferences:set', input: { theme: 'light' } }));
    let text = '';
    while (!text.includes('\n\n') || !text.includes('preferences:changed')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('event: preferences:changed\ndata: {"theme":"light"}');
    controller.abort();
  });

  it('serves the renderer with a strict CSP and never a file outside the static directory', async () => {
    const page = await fetch(`${origin()}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const traversal = await fetch(`${origin()}/..%2f..%2fetc%2fpasswd`);
    expect(await traversal.text()).not.toContain('root:');
  });
});

describe('web host request context', () => {
  it('records the OS user, the browser session of its cookie and the client version of the request meta', async () => {
    const page = await fetch(host.url, { redirect: 'manual' });
    const cookies = page.headers.getSetCookie().map((cookie) => cookie.split(';')[0] as string);
    const session = cookies.find((cookie) => cookie.startsWith(`${sessionCookieName(host.port)}=`))?.split('=')[1];
    expect(session).toMatch(/^[\w-]{20,}$/);
    const body = JSON.stringify({ channel: 'plans:update', input: { plan: planWithNewScript(temp.app) }, meta: { clientVersion: 'renderer/2.0.0' } });
    expect((await reply(await invoke(body, { Cookie: cookies.join('; ') }))).ok).toBe(true);
    const second = JSON.stringify({ channel: 'plans:update', input: { plan: planWithNewScript(temp.app, 'second') } });
    expect((await reply(await invoke(second))).ok).toBe(true);
    expect(auditRows(temp.app, 'plan.script-')).toEqual([
      { actor: osPrincipal(), action: 'plan.script-added', details: expect.objectContaining({ actionId: 'notify', via: `http:${session}`, clientVersion: 'renderer/2.0.0' }) },
      // A bearer-token caller (a script) without the page's cookie shares one session and sends no version.
      { actor: osPrincipal(), action: 'plan.script-added', details: expect.not.objectContaining({ clientVersion: expect.anything() }) },
    ]);
    expect(auditRows(temp.app, 'plan.script-')[1]?.details.via).toBe(`http:${BEARER_SESSION}`);
  });
});
