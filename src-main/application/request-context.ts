// Who asked, and through what: every use case receives one, and the audit trail records its principal, so a
// shared database can say which operator took a decision (docs/architecture.md, "Request context").
// Each transport builds one per call: IPC (OS user, the window), the web host (OS user, the browser's session
// cookie), the CLI (OS user, the process).
import { userInfo } from 'node:os';
import type { RequestMeta } from '../contract/version.ts';
import type { RequestContext, Transport } from '../domain/model/request-context.ts';

export { SYSTEM_CONTEXT, type RequestContext, type Transport } from '../domain/model/request-context.ts';

/** The OS user running the console: the principal of every local transport. */
export function osPrincipal(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

const CLIENT_VERSION = /^[A-Za-z0-9][A-Za-z0-9._+/-]{0,63}$/;

/**
 * The client version from a request's meta, when it is a short version-like string. Anything else is dropped
 * rather than refused: it is information for the audit and the logs, never a reason to fail a call, and it is
 * never echoed raw (it comes from the client).
 */
export function clientVersionOf(meta: unknown): string | undefined {
  if (typeof meta !== 'object' || meta === null) return undefined;
  const value = (meta as RequestMeta).clientVersion;
  return typeof value === 'string' && CLIENT_VERSION.test(value) ? value : undefined;
}

/** What an audit entry records of the call beside its actor: the session it came through and the client. */
export function auditedVia(context: RequestContext): { via: string; clientVersion?: string } {
  return { via: `${context.session.transport}:${context.session.id}`, ...(context.clientVersion ? { clientVersion: context.clientVersion } : {}) };
}

/** One call's context, built by its transport. `meta` is the request's optional meta field as received. */
export function requestContext(transport: Exclude<Transport, 'internal'>, sessionId: string, meta?: unknown, principal: string = osPrincipal()): RequestContext {
  const clientVersion = clientVersionOf(meta);
  return { principal, session: { transport, id: sessionId }, ...(clientVersion ? { clientVersion } : {}) };
}
