// Who asked, and through what: every use case receives one, and the audit trail records its principal, so a
// shared database can say which operator took a decision (docs/architecture.md, "Request context").
export interface RequestContext {
  /** The operator: the OS user for the desktop, CLI and web host; a signed-in user in team mode. */
  principal: string;
  /** The transport and its session (one desktop window, one web-host cookie, one CLI process). */
  session: { transport: 'ipc' | 'http' | 'cli' | 'internal'; id: string };
  /** The client's version, when it says (the renderer sends the app's; the CLI its own). */
  clientVersion?: string;
}

/** The engine's own actions (resume after a crash, R10's forced completion) are taken by the console itself. */
export const SYSTEM_CONTEXT: RequestContext = { principal: 'failover-console', session: { transport: 'internal', id: 'system' } };
