// Golden-file comparison for the generators' tests. `UPDATE_GOLDEN=1 npx vitest run src-main/domain/addns`
// rewrites the files; review the diff before committing it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const GOLDEN_DIR = join(import.meta.dirname, '__golden__');

/** The stored golden text, after writing `actual` there first when updating (or, outside CI, when none exists yet). */
export function golden(name: string, actual: string): string {
  const file = join(GOLDEN_DIR, name);
  if (!existsSync(file) && process.env.CI) throw new Error(`The golden file ${name} is missing; create it with UPDATE_GOLDEN=1.`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
  return readFileSync(file, 'utf8');
}
