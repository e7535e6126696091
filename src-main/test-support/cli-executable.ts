// Test support for specs that run `bin/failover-console` as an operator would: the launcher runs out/cli/ when
// it is current, so the specs build it first when it is not (npm test has already built it; a spec run on its
// own after an edit has not). One build at a time: vitest runs spec files in parallel processes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../application/paths.ts';

export const LAUNCHER = join(PROJECT_ROOT, 'bin', 'failover-console');
const LOCK = join(PROJECT_ROOT, 'out', '.cli-build.lock');

/** The launcher's own rule (scripts/cli-bundle.sh), so the spec and the executable never disagree. */
export function cliBundleIsCurrent(): boolean {
  return spawnSync('sh', ['-c', '. scripts/cli-bundle.sh && ! cli_bundle_stale "$PWD"'], { cwd: PROJECT_ROOT }).status === 0;
}

export async function ensureCliBundle(): Promise<void> {
  if (cliBundleIsCurrent()) return;
  mkdirSync(join(PROJECT_ROOT, 'out'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another spec is building; a lock older than two minutes belongs to a killed run.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (cliBundleIsCurrent()) return;
    const vite = join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const built = spawnSync(process.execPath, [vite, 'build', '-c', 'vite.cli.config.ts'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run build:cli failed: ${built.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
