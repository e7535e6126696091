// `npm run bench`: every benchmark of the project (`scripts/bench-*.ts`), one after another, each printing its
// figures; nothing is asserted about time. The keychain bench needs a Secret Service: it runs inside a private
// D-Bus session with a throw-away unlocked gnome-keyring, as `npm test` does, or says why it was skipped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const HERE = import.meta.dirname;
const NEEDS_KEYRING = new Set(['bench-keychain.ts']);
// The engine's bench first: it is the heaviest and the one the targets are about (docs/performance.md,
// "Orchestration engine").
const ORDER = ['bench-engine.ts'];

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function runPlain(path: string): number {
  return spawnSync(process.execPath, [path], { stdio: 'inherit', env: { ...process.env, FAILOVER_CONSOLE_QUIET: '1' } }).status ?? 1;
}

function runInKeyring(path: string): number {
  if (!hasCommand('dbus-run-session') || !hasCommand('gnome-keyring-daemon')) {
    console.log('skipped: no dbus-run-session or gnome-keyring-daemon here (npm run setup installs them), so no Secret Service to measure');
    return 0;
  }
  const keyring = mkdtempSync(join(tmpdir(), 'fc-bench-keyring-'));
  mkdirSync(join(keyring, 'run'), { mode: 0o700 });
  try {
    const script = 'echo -n failover-console-bench-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0" "$1"';
    const result = spawnSync('dbus-run-session', ['--', 'bash', '-c', script, process.execPath, path], {
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...process.env, XDG_DATA_HOME: join(keyring, 'data'), XDG_RUNTIME_DIR: join(keyring, 'run'), FAILOVER_CONSOLE_QUIET: '1' },
    });
    // dbus-daemon's harmless notices (fd limit, a11y bus) are noise; anything else is shown.
    const stderr = result.stderr.toString().split('\n').filter((line) => line && !/Failed to set fd limit|org\.a11y\.Bus/.test(line));
    if (stderr.length > 0) process.stderr.write(`${stderr.join('\n')}\n`);
    return result.status ?? 1;
  } finally {
    rmSync(keyring, { recursive: true, force: true });
  }
}

const found = readdirSync(HERE).filter((name) => /^bench-[\w-]+\.ts$/.test(name));
const benches = [...ORDER.filter((name) => found.includes(name)), ...found.filter((name) => !ORDER.includes(name)).sort()];
console.log(`${benches.length} benchmarks on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
const failed: string[] = [];
for (const name of benches) {
  console.log(`\n== ${name}`);
  const status = NEEDS_KEYRING.has(name) ? runInKeyring(join(HERE, name)) : runPlain(join(HERE, name));
  if (status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.log(`\nfailed to run: ${failed.join(', ')}`);
  process.exitCode = 1;
}
