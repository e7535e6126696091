// No naive-ui stand-in placeholder ("Please Input", "Please Select") anywhere in the console: every input and
// select names its own hint or none (src-renderer/locale.spec.ts: the locale blanks the defaults for any that slip through).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', 'src-renderer');
const FIELDS = /<(n-input-number|n-input|n-select|n-auto-complete|n-date-picker|n-time-picker|n-cascader|n-tree-select|n-mention)(?=[\s/>])([^>]*)>/g;

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? vueFiles(path) : entry.name.endsWith('.vue') ? [path] : [];
  });
}

describe('placeholders', () => {
  it('every input and select of the console states its own placeholder (empty where the label says it all)', () => {
    const missing: string[] = [];
    for (const file of vueFiles(ROOT)) {
      const name = relative(ROOT, file).split('\\').join('/');
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(FIELDS)) {
        if (!/\s:?placeholder=/.test(match[2] ?? '')) missing.push(`${name}:${source.slice(0, match.index).split('\n').length} <${match[1]}>`);
      }
    }
    expect(missing).toEqual([]);
  });

});
