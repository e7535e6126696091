// The IPC transport's one handler, Electron-free so it is unit-tested in plain Node: checks the sender (the
// Electron security checklist), builds the call's request context (the OS user, the window as the session,
// the client version the preload sends as the request's meta) and dispatches.
import type { AppContext } from '../../composition/app-context.ts';
import { log } from '../../application/log.ts';
import { requestContext } from '../../application/request-context.ts';
import { dispatch } from '../api/dispatch.ts';
import type { Envelope } from '../../contract/errors.ts';
import { isTrustedSender, type TrustedOrigins } from './sender.ts';

/** What the handler reads of Electron's IpcMainInvokeEvent. */
export interface IpcInvokeEvent {
  senderFrame?: { url?: string } | null;
  sender: { id: number };
}

/** `windowIdOf` names the window of the sending web contents (BrowserWindow.fromWebContents in the shell). */
export function ipcInvokeHandler(
  app: AppContext,
  channel: string,
  trusted: TrustedOrigins,
  windowIdOf: (event: IpcInvokeEvent) => number | undefined,
): (event: IpcInvokeEvent, input: unknown, meta?: unknown) => Promise<Envelope<unknown>> {
  return async (event, input, meta) => {
    if (!isTrustedSender(event.senderFrame?.url, trusted)) {
      log.warn('IPC refused: untrusted sender', { channel });
      return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'This window may not call the console.' } };
    }
    const context = requestContext('ipc', `window-${windowIdOf(event) ?? `contents-${event.sender.id}`}`, meta);
    return dispatch(app, channel, input, context);
  };
}
