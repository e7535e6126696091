// The web host's event stream beats while a page listens, so the page can tell a host that is gone or hung
// from one with nothing to say (docs/decisions.md "Disconnected, reconnecting, caught up").

/** The stream's heartbeat event: not a contract event (no store listens), only the connection watch. */
export const HEARTBEAT_EVENT = 'heartbeat';

/** How often the host beats. */
export const HEARTBEAT_MS = 500;

/** Silence after which the page says it is disconnected: well within the 2 s an operator should wait to know. */
export const SILENT_AFTER_MS = 1_500;
