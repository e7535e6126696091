// `npm start`: the desktop app on the built-in lab estate. Where Electron's binary is not installed (it
// cannot be downloaded on every machine), say so in one line and serve the same console in a browser.
import { spawn } from 'node:child_process';
import { ensureBuilt } from '../src-main/application/build.ts';
import { installedElectronBinary } from '../src-main/application/electron-binary.ts';
import { PROJECT_ROOT } from '../src-main/application/paths.ts';


ensureBuilt();
const binary = installedElectronBinary();
if (binary) {
  const child = spawn(binary, [PROJECT_ROOT, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write("Electron's binary is not installed on this machine; starting the web host instead (open the URL below).\n");
  process.argv.push('--no-build');
  await import('../src-main/composition/web-main.ts');
}
