// The folder-move codemod (docs/architecture.md, "Folder moves") on a throw-away git repository: files move
// with git mv, every relative reference to or from them is rewritten, configs follow, and the moved code runs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMoves, movedPath, planMoves } from './move-layers.ts';

let root: string;
const write = (path: string, text: string): void => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fc-move-'));
  git('init', '-q');
  write('src-main/engine/model/thing.ts', "export const thing = 'thing';\n");
  write('src-main/engine/model/data/seed.txt', 'seed\n');
  write('src-main/engine/model/seed.ts', "import { readFileSync } from 'node:fs';\nimport { join } from 'node:path';\nexport const seed = readFileSync(join(import.meta.dirname, 'data', 'seed.txt'), 'utf8').trim();\n");
  write('src-main/store/repo.ts', "import { thing } from '../engine/model/thing.ts';\nimport { seed } from '../engine/model/seed.ts';\nexport const repo = `${thing}+${seed}`;\n");
  write('src-main/app/paths.ts', "export const ROOT = new URL('../../', import.meta.url).pathname;\n");
  write('src-main/index.ts', "import { repo } from './store/repo.ts';\nexport type { Other } from './engine/model/other.ts';\nconst lazy = () => import('./store/repo.ts');\nconsole.log(repo, typeof lazy);\n");
  write('src-main/engine/model/other.ts', 'export interface Other { x: number }\n');
  write('src-renderer/view.vue', "<script setup lang=\"ts\">\nimport { thing } from '../src-main/engine/model/thing.ts';\n</script>\n");
  write('e2e/host.ts', "import { join } from 'node:path';\nexport const cli = [join(ROOT, 'src-main', 'store', 'repo.ts'), join(ROOT, 'src-main/store/repo.ts')];\nconst ROOT = '.';\n");
  write('vitest.config.ts', "export default { include: ['src-main/store/**/*.spec.ts', 'src-main/engine/**/*.spec.ts'] };\n");
  git('add', '-A');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'seed');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('move-layers codemod', () => {
  it('maps a path by the longest matching old path', () => {
    const mapping = { 'src-main/engine': 'src-main/core', 'src-main/engine/model': 'src-main/domain/model' };
    expect(movedPath('src-main/engine/model/a.ts', mapping)).toBe('src-main/domain/model/a.ts');
    expect(movedPath('src-main/engine/rules/b.ts', mapping)).toBe('src-main/core/rules/b.ts');
    expect(movedPath('src-main/engineer.ts', mapping)).toBe('src-main/engineer.ts');
  });

  it('git-moves folders, rewrites imports to and from them (static, type, dynamic, .vue, URL, dirname joins) and the configs', () => {
    const plan = planMoves(root, { 'src-main/engine/model': 'src-main/domain/model', 'src-main/store': 'src-main/adapters/sqlite', 'src-main/app': 'src-main/application/shared' });
    applyMoves(root, plan);
    expect(git('status', '--porcelain').split('\n').filter((line) => line.startsWith('R'))).toHaveLength(6);
    expect(read('src-main/adapters/sqlite/repo.ts')).toContain("from '../../domain/model/thing.ts'");
    expect(read('src-main/index.ts')).toContain("from './adapters/sqlite/repo.ts'");
    expect(read('src-main/index.ts')).toContain("export type { Other } from './domain/model/other.ts'");
    expect(read('src-main/index.ts')).toContain("import('./adapters/sqlite/repo.ts')");
    expect(read('src-renderer/view.vue')).toContain("from '../src-main/domain/model/thing.ts'");
    // One level deeper: the project root is one more '../' away.
    expect(read('src-main/application/shared/paths.ts')).toContain("new URL('../../../', import.meta.url)");
    // The data folder moved with its module, so the join is unchanged.
    expect(read('src-main/domain/model/seed.ts')).toContain("join(import.meta.dirname, 'data', 'seed.txt')");
    expect(read('e2e/host.ts')).toContain("[join(ROOT, 'src-main', 'adapters', 'sqlite', 'repo.ts'), join(ROOT, 'src-main/adapters/sqlite/repo.ts')]");
    expect(read('vitest.config.ts')).toContain("'src-main/adapters/sqlite/**/*.spec.ts'");
    expect(plan.review).toEqual(['vitest.config.ts: src-main/engine/**/*.spec.ts']);
    // git mv leaves emptied folders; the codemod removes them (and only them).
    expect(['src-main/store', 'src-main/engine', 'src-main/app'].filter((folder) => existsSync(join(root, folder)))).toEqual([]);
    expect(existsSync(join(root, 'src-renderer'))).toBe(true);

    // The moved code still runs (Node strips the types).
    const out = execFileSync(process.execPath, [join(root, 'src-main/index.ts')], { encoding: 'utf8' });
    expect(out.trim()).toBe('thing+seed function');
  });

  it('skips an old path that is gone (another branch moved it already) and moves the rest', () => {
    const plan = planMoves(root, { 'src-main/engine/fabric': 'src-main/adapters/lab', 'src-main/store': 'src-main/adapters/sqlite' });
    expect(plan.skipped).toEqual(['src-main/engine/fabric']);
    expect(plan.moves).toEqual([['src-main/store/repo.ts', 'src-main/adapters/sqlite/repo.ts']]);
  });
});
