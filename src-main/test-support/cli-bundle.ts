// Test support for drills that start the CLI hundreds of times (cli/crash.spec.ts): the CLI built into ONE
// file, so each console process parses one module instead of type-stripping and linking every source file
// (≈ 0.3 s to start instead of ≈ 1 s here). It is built from the sources at test time, so it is the code
// under test. `import.meta.url` is pinned to src-main/application/paths.ts, so the bundle finds the project's
// resources and packages wherever it lies; keytar (native) stays external and is loaded lazily, as ever.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'rolldown';
import { PROJECT_ROOT } from '../application/paths.ts';

export async function buildCliBundle(outDir: string): Promise<string> {
  const file = join(outDir, 'cli.mjs');
  await build({
    input: join(PROJECT_ROOT, 'src-main', 'composition', 'cli-main.ts'),
    platform: 'node',
    external: [/^node:/, 'keytar'],
    transform: { define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'src-main', 'application', 'paths.ts')).href) } },
    output: { file, format: 'esm', codeSplitting: false },
    logLevel: 'warn',
  });
  return file;
}
