// Runs keychain calls in a child process with a Secret Service of our choosing: a fresh D-Bus session
// whose gnome-keyring is unlocked (or left locked) on a given keyring directory, or no bus at all.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const KEYCHAIN_MODULE = pathToFileURL(join(import.meta.dirname, '..', 'adapters', 'keychain', 'keychain.ts')).href;

const SCRIPT = `
import { createKeychain } from ${JSON.stringify(KEYCHAIN_MODULE)};
const keychain = createKeychain({ service: process.env.FC_TEST_SERVICE, timeoutMs: 8000 });
const [operation, account, value] = process.argv.slice(2);
try {
  const result = operation === 'status' ? await keychain.status() : await keychain[operation](account, value);
  process.stdout.write(JSON.stringify({ ok: true, result }));
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, code: error.code, message: error.message }));
}
`;

export type KeychainOutcome = { ok: true; result: unknown } | { ok: false; code: string; message: string };

export type SessionKind = 'unlocked' | 'locked' | 'no-bus';

/** A keyring directory (XDG_DATA_HOME) that survives the sessions run on it. */
export function createKeyringDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fc-keyring-'));
  mkdirSync(join(dir, 'run'), { mode: 0o700 });
  writeFileSync(join(dir, 'probe.mjs'), SCRIPT);
  return dir;
}

export function runKeychainInSession(dir: string, kind: SessionKind, service: string, args: string[]): KeychainOutcome {
  const env = { ...process.env, XDG_DATA_HOME: join(dir, 'data'), XDG_RUNTIME_DIR: join(dir, 'run'), FC_TEST_SERVICE: service, FAILOVER_CONSOLE_QUIET: '1' };
  const node = [process.execPath, join(dir, 'probe.mjs'), ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
  const unlock = 'echo -n fc-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null; ';
  const child =
    kind === 'no-bus'
      ? spawnSync(process.execPath, [join(dir, 'probe.mjs'), ...args], {
          env: { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such-bus')}` },
          encoding: 'utf8',
          timeout: 20_000,
        })
      : spawnSync('dbus-run-session', ['--', 'bash', '-c', `${kind === 'unlocked' ? unlock : ''}${node}`], { env, encoding: 'utf8', timeout: 20_000 });
  try {
    return JSON.parse(child.stdout) as KeychainOutcome;
  } catch {
    throw new Error(`the keychain child did not answer: ${child.stdout} ${child.stderr}`);
  }
}
