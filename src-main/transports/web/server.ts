// The web host: the renderer and the same contract over HTTP on 127.0.0.1, for machines where Electron
// cannot run and for end-to-end tests in a real browser. POST /api/invoke answers the dispatch envelope;
// GET /api/events streams contract events as server-sent events.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HEARTBEAT_EVENT, HEARTBEAT_MS } from '../../contract/heartbeat.ts';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { AppContext } from '../../composition/app-context.ts';
import { dispatch } from '../api/dispatch.ts';
import { requestContext } from '../../application/request-context.ts';
import type { ErrorPayload } from '../../contract/errors.ts';
import { CONTENT_SECURITY_POLICY } from '../../application/content-security-policy.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Cookies are not isolated by port: each web host names its own, so two hosts never read each other's. */
export function tokenCookieName(port: number): string {
  return `fc_token_${port}`;
}
/** One session per browser that traded the token: the request context's session id (not a credential). */
export function sessionCookieName(port: number): string {
  return `fc_session_${port}`;
}
const SESSION_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** API callers without the page's session cookie (a script with the token as a bearer) share one session. */
export const BEARER_SESSION = 'bearer';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface WebHostOptions {
  app: AppContext;
  /** The built renderer (electron-vite's out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  readonly payload: ErrorPayload;
  constructor(status: number, payload: ErrorPayload) {
    super(payload.message);
    this.status = status;
    this.payload = payload;
  }
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { ok: false, error: error.payload });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new HttpError(413, { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` }));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const { app, staticDir } = options;
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const authorised = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    return sameSecret(bearer, token) || sameSecret(cookieValue(req.headers.cookie, tokenCookieName(port)), token);
  };

  // Browsers treat every port of 127.0.0.1 as one site, so SameSite=Strict alone would let a page served by
  // another local port post to the API with our cookie. An API call must come from this origin: a JSON body
  // (a cross-site "simple" request cannot carry one without a refused preflight) and, when the browser says
  // where it comes from, this very origin.
  const sameOriginRequest = (req: IncomingMessage): boolean => {
    const fetchSite = req.headers['sec-fetch-site'];
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  };

  // DNS rebinding guard: only requests addressed to this loopback host and port are served.
  const hostAllowed = (req: IncomingMessage): boolean =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = join(staticDir, relative);
    if (!file.startsWith(staticDir + sep) && file !== staticDir) {
      sendError(res, new HttpError(404, { code: 'NOT_FOUND', message: 'Not found.' }));
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(staticDir, 'index.html');
    if (!existsSync(file)) {
      sendError(res, new HttpError(404, { code: 'NOT_FOUND', message: 'The renderer is not built; run npm run build.' }));
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const offered = url.searchParams.get('token') ?? undefined;
    if (file.endsWith('index.html')) {
      headers['Cache-Control'] = 'no-store';
      if (sameSecret(offered, token)) {
        // Trade the token in the URL for an HttpOnly cookie, then drop it from the address bar and history.
        res.writeHead(303, {
          'Set-Cookie': [
            `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
            `${sessionCookieName(port)}=${randomBytes(16).toString('base64url')}; HttpOnly; SameSite=Strict; Path=/`,
          ],
          Location: '/',
          'Cache-Control': 'no-store',
        });
        res.end();
        return;
      }
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  };

  const handleInvoke = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      req.resume();
      throw new HttpError(415, { code: 'INVALID_INPUT', message: 'The request body must be sent as application/json.' });
    }
    const text = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpError(400, { code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as { channel?: unknown }).channel !== 'string') {
      throw new HttpError(400, { code: 'INVALID_INPUT', message: 'The request body must be {"channel": string, "input": …, "meta"?: {…}}.' });
    }
    const { channel, input, meta } = body as { channel: string; input?: unknown; meta?: unknown };
    // The call's request context: the OS user running the host, this browser's session, the client version.
    const session = cookieValue(req.headers.cookie, sessionCookieName(port));
    const context = requestContext('http', session !== undefined && SESSION_ID.test(session) ? session : BEARER_SESSION, meta);
    sendJson(res, 200, await dispatch(app, channel, input, context));
  };

  const handleEvents = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    // A dropped stream is retried after a second; the heartbeat lets a page tell a silent host from a quiet one.
    res.write('retry: 1000\n: connected\n\n');
    sseClients.add(res);
    req.on('close', () => sseClients.delete(res));
  };

  const unsubscribe = app.events.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });
  // A named event (comments reach no listener): a page that hears nothing for SILENT_AFTER_MS says it is
  // disconnected (src-renderer/api/web-bridge.ts).
  const heartbeat = setInterval(() => {
    for (const client of sseClients) client.write(`event: ${HEARTBEAT_EVENT}\ndata: {}\n\n`);
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const server: Server = createServer((req, res) => {
    securityHeaders(res);
    const run = async (): Promise<void> => {
      if (!hostAllowed(req)) throw new HttpError(403, { code: 'UNAUTHORIZED', message: 'Unexpected Host header.' });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/api/')) {
        if (!authorised(req)) throw new HttpError(401, { code: 'UNAUTHORIZED', message: 'A valid console token is required.' });
        if (!sameOriginRequest(req)) throw new HttpError(403, { code: 'UNAUTHORIZED', message: 'API calls are accepted from the console page only.' });
        if (url.pathname === '/api/invoke' && req.method === 'POST') return handleInvoke(req, res);
        if (url.pathname === '/api/events' && req.method === 'GET') return handleEvents(req, res);
        throw new HttpError(404, { code: 'NOT_FOUND', message: 'No such API route.' });
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, { code: 'INVALID_INPUT', message: 'Method not allowed.' });
      serveStatic(req, res, url.pathname);
    };
    run().catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      if (error instanceof HttpError) sendError(res, error);
      else sendError(res, new HttpError(500, { code: 'INTERNAL', message: 'An internal error occurred.' }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        clearInterval(heartbeat);
        for (const client of sseClients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
