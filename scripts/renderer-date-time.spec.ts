// One date-time format in the console: local time with the zone (src-renderer/utils/date-time.ts). A view
// that formats a moment itself (toLocaleString, its own Intl.DateTimeFormat) drifts from it, so none may.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', 'src-renderer');
const OWN_FORMAT = /toLocaleString\(|toLocaleDateString\(|toLocaleTimeString\(|new Intl\.DateTimeFormat\(/;
// The one formatter.
const ALLOWED = /^utils\/date-time\.ts$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.(vue|ts)$/.test(entry.name) && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('one date-time format', () => {
  it('no renderer file formats a moment itself: they all use utils/date-time.ts', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(ROOT)) {
      const name = relative(ROOT, file).split('\\').join('/');
      if (ALLOWED.test(name)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (OWN_FORMAT.test(line)) offenders.push(`${name}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
