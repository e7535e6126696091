// Who asked, and through what: the domain's view of a request (docs/architecture.md, "Request context"). The
// orchestrator records its principal in the audit; the transports build one per call (app/request-context.ts).

export type Transport = 'ipc' | 'http' | 'cli' | 'internal';

export interface RequestContext {
  /** The operator: the OS user for the desktop, CLI and web host; a signed-in user in team mode. */
  principal: string;
  /** The transport and its session (one desktop window, one web-host cookie, one CLI process). */
  session: { transport: Transport; id: string };
  /** The client's version, when it says (the renderer sends the app's; the CLI its own). */
  clientVersion?: string;
}

/** The engine's own actions (resume after a crash, R10's forced completion) are taken by the console itself. */
export const SYSTEM_CONTEXT: RequestContext = { principal: 'failover-console', session: { transport: 'internal', id: 'system' } };
