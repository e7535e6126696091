import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
// Node 24 strips the types of this .ts module on import (the project runs its .ts sources directly).
import { layeringPlugin } from './scripts/eslint/layering-rule.ts';
import { electronFreeFiles } from './scripts/eslint/layer-map.ts';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.ts', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
      globals: { ...globals.browser },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    // The engine runs in plain Node (CLI, web host, tests): it must never import Electron. The files come
    // from the layer map, so a folder move keeps this rule in step.
    files: electronFreeFiles(),
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The engine runs without Electron.' }] }],
    },
  },
  {
    // Layers are a lint rule, not a wish: one map (scripts/eslint/layer-map.ts) says which folder may import
    // which; an upward or sideways import, or node:sqlite outside the SQLite adapters, fails the build.
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    plugins: { local: layeringPlugin },
    // LAYERING_STRICT=1 ignores the allow-list, to list every violation there is.
    rules: { 'local/layering': ['error', { strict: process.env.LAYERING_STRICT === '1' }] },
  },
);
