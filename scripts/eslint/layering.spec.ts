// The layer rule (docs/architecture.md, "Layers"): an upward or sideways import, an engine import from the
// renderer, or node:sqlite outside the SQLite adapters fails lint; allowed imports pass. Runs the real rule
// through ESLint's Linter and the real eslint.config.js through the ESLint class.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { ALLOWED_VIOLATIONS, SQLITE_ALLOWED_OFFENDERS, SQLITE_IMPORTERS, findAllowance, judgeImport, matches, placeFile } from './layer-map.ts';
import { layeringPlugin } from './layering-rule.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** A relative specifier from one repository path to another (snippets name repository paths only, so a folder move rewrites them). */
function to(from: string, target: string): string {
  const spec = relative(dirname(join(ROOT, from)), join(ROOT, target)).split(sep).join('/');
  return spec.startsWith('.') ? spec : `./${spec}`;
}

function lint(file: string, code: string): string[] {
  const linter = new Linter({ cwd: ROOT });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, sourceType: 'module' }, plugins: { local: layeringPlugin }, rules: { 'local/layering': 'error' } }],
    join(ROOT, file),
  );
  return messages.map((message) => message.message);
}

describe('layer rule on snippets', () => {
  it('fires on an upward import: domain importing the orchestrator', () => {
    const messages = lint('src-main/domain/rules/new-rule.ts', `import { JobEngine } from '${to('src-main/domain/rules/new-rule.ts', 'src-main/orchestration/job-engine.ts')}';\nexport const x = JobEngine;\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('Layer violation: src-main/domain/rules/new-rule.ts may not import src-main/orchestration/job-engine.ts (domain may import only base');
  });

  it('passes a downward import: the orchestrator importing the domain and the contract', () => {
    expect(lint('src-main/orchestration/new-step.ts', `import { isLeaf } from '${to('src-main/orchestration/new-step.ts', 'src-main/domain/jobs/job-model.ts')}';\nimport type { Channel } from '${to('src-main/orchestration/new-step.ts', 'src-main/contract/index.ts')}';\nexport const x: [typeof isLeaf, Channel?] = [isLeaf];\n`)).toEqual([]);
  });

  it('fires when the renderer imports the engine, even a type; passes for the contract', () => {
    const bad = lint('src-renderer/stores/new-store.ts', `import type { Job } from '${to('src-renderer/stores/new-store.ts', 'src-main/domain/jobs/job-model.ts')}';\nexport type X = Job;\n`);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/renderer may import only src-main\/contract\/\*\*/);
    expect(lint('src-renderer/stores/new-store.ts', `import type { Job } from '${to('src-renderer/stores/new-store.ts', 'src-main/contract/wire.ts')}';\nimport { AppError } from '${to('src-renderer/stores/new-store.ts', 'src-main/contract/errors.ts')}';\nexport type X = [Job, AppError];\n`)).toEqual([]);
  });

  it('fires on a sideways import between two transports and between two adapters', () => {
    expect(lint('src-main/transports/cli/new-command.ts', `import { mainWindowOptions } from '${to('src-main/transports/cli/new-command.ts', 'src-main/transports/electron/window-options.ts')}';\nexport const x = mainWindowOptions;\n`)[0]).toMatch(/transport units are isolated/);
    expect(lint('src-main/adapters/keychain/new-secret.ts', `import { openDatabase } from '${to('src-main/adapters/keychain/new-secret.ts', 'src-main/adapters/sqlite/database.ts')}';\nexport const x = openDatabase;\n`)[0]).toMatch(/adapter units are isolated/);
  });

  it('fires when anyone but the composition root imports an adapter; the composition root may', () => {
    expect(lint('src-main/application/new-use-case.ts', `import { JobStore } from '${to('src-main/application/new-use-case.ts', 'src-main/adapters/sqlite/job-store.ts')}';\nexport const x = JobStore;\n`)[0]).toMatch(/application may import only .* \(not adapter\)/);
    expect(lint('src-main/composition/app-context.ts', `import { JobStore } from '${to('src-main/composition/app-context.ts', 'src-main/adapters/sqlite/job-store.ts')}';\nexport const x = JobStore;\n`)).toEqual([]);
  });

  it('judges re-exports and dynamic imports too', () => {
    expect(lint('src-main/domain/model/new-model.ts', `export { JobEngine } from '${to('src-main/domain/model/new-model.ts', 'src-main/orchestration/job-engine.ts')}';\n`)).toHaveLength(1);
    expect(lint('src-main/domain/model/new-model.ts', `export async function load() { return import('${to('src-main/domain/model/new-model.ts', 'src-main/orchestration/job-engine.ts')}'); }\n`)).toHaveLength(1);
  });

  it('only the SQLite adapters may import node:sqlite', () => {
    expect(lint('src-main/orchestration/new-step.ts', "import type { DatabaseSync } from 'node:sqlite';\nexport type X = DatabaseSync;\n")[0]).toMatch(/Only the SQLite adapters/);
    expect(lint('src-main/adapters/sqlite/new-repository.ts', "import type { DatabaseSync } from 'node:sqlite';\nexport type X = DatabaseSync;\n")).toEqual([]);
    expect(lint('src-main/adapters/lab/lab-store.ts', "import { DatabaseSync } from 'node:sqlite';\nexport const X = DatabaseSync;\n")).toEqual([]);
    // Other adapters and the composition root reach the database through the SQLite adapter's ports and types.
    expect(lint('src-main/adapters/certificates/new-store.ts', "import type { DatabaseSync } from 'node:sqlite';\nexport type X = DatabaseSync;\n")[0]).toMatch(/Only the SQLite adapters/);
    expect(lint('src-main/composition/app-context.ts', "import type { DatabaseSync } from 'node:sqlite';\nexport type X = DatabaseSync;\n")[0]).toMatch(/Only the SQLite adapters/);
  });

  it('strict mode ignores the allow-list, so it lists every violation there is', () => {
    expect(judgeImport('src-main/orchestration/job-runner.ts', 'src-main/adapters/sqlite/job-store.ts', true, true).ok).toBe(false);
    expect(judgeImport('src-main/orchestration/job-runner.ts', 'src-main/domain/jobs/job-model.ts', false, true).ok).toBe(true);
  });

  it('a type-only allowance does not tolerate a value import', () => {
    expect(judgeImport('src-main/orchestration/job-runner.ts', 'src-main/application/events.ts', true).ok).toBe(true);
    expect(judgeImport('src-main/orchestration/job-runner.ts', 'src-main/application/events.ts', false).ok).toBe(false);
    // Without an allowance, the orchestrator may not reach the SQLite store at all, type-only or not.
    expect(judgeImport('src-main/orchestration/job-runner.ts', 'src-main/adapters/sqlite/job-store.ts', true).ok).toBe(false);
  });
});

describe('the layer map', () => {
  it('places every source file of the main process, the preload and the renderer in a layer', () => {
    const unplaced = sourceFiles(['src-main', 'src-preload', 'src-renderer']).filter((file) => placeFile(file) === undefined);
    expect(unplaced).toEqual([]);
  });

  it('the renderer imports nothing of the main side but the contract (R: the contract owns the wire)', () => {
    const offenders = importsOf(sourceFiles(['src-renderer']).filter((file) => !file.endsWith('.spec.ts'))).filter(
      ({ to }) => to.startsWith('src-main/') && !to.startsWith('src-main/contract/'),
    );
    expect(offenders).toEqual([]);
  });

  it('every allow-list entry still matches a real import, so a fixed violation leaves the list', () => {
    const imports = importsOf(sourceFiles(['src-main', 'src-preload']));
    const stale = ALLOWED_VIOLATIONS.filter(
      (entry) => !imports.some(({ from, to, typeOnly }) => matches(from, entry.from) && matches(to, entry.to) && !judgeWithout(from, to) && findAllowance(from, to, typeOnly) === entry),
    );
    expect(stale).toEqual([]);
    const sqliteUsers = new Set(importsOf(sourceFiles(['src-main'])).filter(({ to }) => to === 'node:sqlite').map(({ from }) => from));
    expect(SQLITE_ALLOWED_OFFENDERS.filter((entry) => !sqliteUsers.has(entry.file))).toEqual([]);
  });

  it('node:sqlite is imported only by the SQLite adapter and the lab, tests aside', () => {
    const sqliteUsers = importsOf(sourceFiles(['src-main', 'src-preload'])).filter(({ to }) => to === 'node:sqlite').map(({ from }) => from);
    const byDesign = SQLITE_IMPORTERS.map((entry) => entry.files);
    expect(sqliteUsers.filter((file) => !byDesign.some((glob) => matches(file, glob)))).toEqual([]);
    expect(sqliteUsers.filter((file) => matches(file, 'src-main/adapters/lab/**')).length).toBeGreaterThan(0);
  });

  it('npm run lint uses the rule: the project config fails an upward import', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText(`import { JobEngine } from '${to('src-main/domain/rules/new-rule.ts', 'src-main/orchestration/job-engine.ts')}';\nexport const x = JobEngine;\n`, {
      filePath: join(ROOT, 'src-main/domain/rules/new-rule.ts'),
    });
    expect(result?.messages.map((message) => message.ruleId)).toContain('local/layering');
    // The Electron-free block takes its files from the same map.
    const [electron] = await eslint.lintText("import { app } from 'electron';\nexport const x = app;\n", { filePath: join(ROOT, 'src-main/domain/rules/new-rule.ts') });
    expect(electron?.messages.map((message) => message.ruleId)).toContain('no-restricted-imports');
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------

/** True when the map itself already allows the import (then no allowance is needed for it). */
function judgeWithout(from: string, to: string): boolean {
  const source = placeFile(from);
  const target = placeFile(to);
  if (!source || !target) return true;
  if (source.layer.name === target.layer.name) return !source.layer.isolated || source.unit === target.unit;
  return source.layer.mayImport.includes(target.layer.name) || target.layer.name === 'base';
}

function sourceFiles(folders: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|vue)$/.test(name)) out.push(relative(ROOT, path).split(sep).join('/'));
    }
  };
  folders.forEach((folder) => walk(join(ROOT, folder)));
  return out;
}

interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** Static imports and re-exports of each file, resolved to repository paths (bare modules kept as named). */
function importsOf(files: string[]): ImportEdge[] {
  const pattern = /^(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  return files.flatMap((from) => {
    const text = readFileSync(join(ROOT, from), 'utf8');
    return [...text.matchAll(pattern)].map((match) => {
      const specifier = match[2] as string;
      const to = specifier.startsWith('.') ? relative(ROOT, join(ROOT, dirname(from), specifier)).split(sep).join('/') : specifier;
      return { from, to, typeOnly: match[1] !== undefined };
    });
  });
}
