// Which frames may call the contract: only the app's own renderer (Electron checklist: validate the
// sender of every IPC message). Electron-free so it is unit-tested in plain Node.
import { pathToFileURL } from 'node:url';

export interface TrustedOrigins {
  /** Absolute path of the built renderer's index.html (production, file://). */
  rendererIndexFile: string;
  /** The electron-vite dev server URL, only when running `electron-vite dev`. */
  devServerUrl?: string;
}

export function isTrustedSender(frameUrl: string | undefined | null, trusted: TrustedOrigins): boolean {
  if (typeof frameUrl !== 'string' || frameUrl.length === 0) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (url.protocol === 'file:') {
    const expected = pathToFileURL(trusted.rendererIndexFile);
    return url.pathname === expected.pathname;
  }
  if (trusted.devServerUrl) {
    const dev = new URL(trusted.devServerUrl);
    return url.origin === dev.origin && (dev.hostname === 'localhost' || dev.hostname === '127.0.0.1');
  }
  return false;
}
