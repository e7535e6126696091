// The CLI and the web host's server side as plain-Node bundles in out/cli/ (`npm run build:cli`): Node then
// reads a handful of files instead of stripping the types of ~190 sources and resolving ~350 dependency files
// on every start (docs/performance.md, "CLI and web host start-up"). The unit tests keep running the sources.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  // No public/ folder or index.html: this is a server build (vite.dev/guide/ssr, "Building for Production").
  publicDir: false,
  logLevel: 'warn',
  ssr: {
    target: 'node',
    // Bundle every dependency (zod, node-forge…) into the output: resolving a package's files at run time is
    // what the start-up paid for (vite.dev/config/ssr-options, ssr.noExternal). keytar is a native addon and
    // stays a package; Node's built-ins (node:sqlite) are external with target 'node'.
    noExternal: true,
    external: ['keytar'],
  },
  build: {
    ssr: true,
    outDir: resolve(root, 'out/cli'),
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: {
        'cli-main': resolve(root, 'src-main/composition/cli-main.ts'),
        'web-main': resolve(root, 'src-main/composition/web-main.ts'),
      },
      output: {
        format: 'es',
        // Entries and chunks side by side in out/cli/: application/paths.ts finds the project root two levels
        // above the running module, as it does from src-main/application/.
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
      },
    },
  },
});
