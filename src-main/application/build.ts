// Builds the renderer (and the Electron bundles) when the output is missing or older than its sources,
// so `npm start` and `npm run console:web` work straight after `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

export const RENDERER_OUT_DIR = join(PROJECT_ROOT, 'out', 'renderer');
const SOURCE_DIRS = ['src-renderer', 'src-preload', 'src-main'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function buildIsCurrent(): boolean {
  const index = join(RENDERER_OUT_DIR, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return SOURCE_DIRS.every((dir) => !existsSync(join(PROJECT_ROOT, dir)) || newestMtime(join(PROJECT_ROOT, dir)) <= built);
}

export function ensureBuilt(): void {
  if (buildIsCurrent()) return;
  process.stderr.write('failover-console: building the console (electron-vite build)…\n');
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('electron-vite build failed; run `npm run build` to see why.');
}
