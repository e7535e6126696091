import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA_DIR_ENV = 'FAILOVER_CONSOLE_DATA_DIR';

/** The project root when running from sources in plain Node (CLI, web host, tests). */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

export function defaultResourcesDir(): string {
  return join(PROJECT_ROOT, 'resources');
}

/** --data-dir, else FAILOVER_CONSOLE_DATA_DIR, else the mode's default: every way to run the console (desktop, web host, CLI) finds its data the same way. */
export function resolveDataDir(flag: string | undefined, modeDefault: string = defaultNodeDataDir()): string {
  const chosen = flag ?? process.env[DATA_DIR_ENV];
  return resolve(chosen && chosen.length > 0 ? chosen : modeDefault);
}

export function defaultNodeDataDir(): string {
  const base = process.env.XDG_DATA_HOME && process.env.XDG_DATA_HOME.length > 0 ? process.env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'failover-console');
}
