import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  main: {
    build: {
      lib: { entry: resolve(import.meta.dirname, 'src-main/index.ts') },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be a single CommonJS file: bundle the contract (and zod) into it.
      externalizeDeps: false,
      lib: { entry: resolve(import.meta.dirname, 'src-preload/index.ts'), formats: ['cjs'] },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    plugins: [vue()],
    build: {
      rolldownOptions: { input: resolve(import.meta.dirname, 'src-renderer/index.html') },
    },
  },
});
