// Finds an installed Electron binary without requiring the `electron` package, whose index.js tries to
// download the binary on first use (which fails, slowly and noisily, where GitHub is unreachable).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

export function installedElectronBinary(root: string = PROJECT_ROOT): string | undefined {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relative) : join(packageDir, 'dist', relative);
  return existsSync(pathFile) || override ? (existsSync(candidate) ? candidate : undefined) : undefined;
}
