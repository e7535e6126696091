// Moves files or folders with `git mv` and rewrites every relative reference to them, so the folders can follow
// the layers (docs/architecture.md, "Folder moves") in one mechanical commit. No dependencies beyond Node.
//
//   node scripts/move-layers.ts <mapping.json> [--dry-run]
//   node scripts/move-layers.ts src-main/store=src-main/adapters/sqlite [more old=new …] [--dry-run]
//
// A mapping is {"old path": "new path"}, files or folders, relative to the repository root; the longest old
// path that contains a file wins. Entries whose old path does not exist are skipped with a note (another
// branch may already have moved them). What it rewrites:
// - in every .ts/.js/.vue file of src-main, src-preload, src-renderer, e2e and scripts: relative specifiers of
//   static imports and re-exports, `import('…')`, `vi.mock('…')`, `new URL('…', import.meta.url)` and
//   `join|resolve(import.meta.dirname, '…', …)` with literal segments — whenever the file or its target moves;
// - in the configuration (package.json, tsconfig*.json, vitest/electron-vite/eslint/playwright configs, the
//   layer map and its spec, shell scripts): every occurrence of a moved path as text.
// It prints globs it cannot map exactly (e.g. `src-main/engine/**` once part of engine/ has moved) for review.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve, sep } from 'node:path';

export type Mapping = Record<string, string>;

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_ROOTS = ['src-main', 'src-preload', 'src-renderer', 'e2e', 'scripts'];
const SOURCE_FILE = /\.(ts|mts|js|mjs|vue)$/;
const CONFIG_FILES = [
  'package.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
  'tsconfig.e2e.json',
  'vitest.config.ts',
  'electron.vite.config.ts',
  'eslint.config.js',
  'playwright.config.ts',
  'scripts/eslint/layer-map.ts',
  'scripts/eslint/layering.spec.ts',
  'scripts/setup.sh',
  'scripts/test.sh',
  '.ci/run',
];

function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' });
}

/** Repository-relative posix paths of every tracked file. */
function trackedFiles(root: string): string[] {
  return git(root, 'ls-files', '-z').split('\0').filter(Boolean);
}

function normalise(path: string): string {
  return posix.normalize(path.split(sep).join('/')).replace(/\/$/, '');
}

/** The new path of a repository path under the mapping, or the path itself. */
export function movedPath(path: string, mapping: Mapping): string {
  let best: string | undefined;
  for (const old of Object.keys(mapping)) {
    if ((path === old || path.startsWith(`${old}/`)) && (best === undefined || old.length > best.length)) best = old;
  }
  return best === undefined ? path : `${mapping[best]}${path.slice(best.length)}`;
}

/** A specifier from `fromFile` to `target` (both repository paths), always starting with ./ or ../. */
function specifierBetween(fromFile: string, target: string, trailingSlash: boolean): string {
  let spec = posix.relative(posix.dirname(fromFile), target) || '.';
  if (!spec.startsWith('.')) spec = `./${spec}`;
  return trailingSlash && !spec.endsWith('/') ? `${spec}/` : spec;
}

interface Rewrite {
  text: string;
  changed: number;
  unresolved: string[];
}

/**
 * Rewrites the relative references of one file that lives at `file` now and at `movedPath(file)` after the move.
 * `exists` says whether a repository path (file or folder) exists before the move: only real targets are
 * rewritten (a reference into the build output, e.g. '../renderer/index.html', is left alone and reported).
 */
export function rewriteReferences(file: string, text: string, mapping: Mapping, exists: (path: string) => boolean): Rewrite {
  const newFile = movedPath(file, mapping);
  let changed = 0;
  const unresolved: string[] = [];
  const retarget = (spec: string): string => {
    const target = normalise(posix.join(posix.dirname(file), spec));
    if (!exists(target)) {
      if (newFile !== file) unresolved.push(spec);
      return spec;
    }
    const newTarget = movedPath(target, mapping);
    if (newFile === file && newTarget === target) return spec;
    const next = specifierBetween(newFile, newTarget, spec.endsWith('/'));
    if (next !== spec) changed += 1;
    return next;
  };
  const quoted = (pattern: RegExp) => (input: string) =>
    input.replace(pattern, (whole: string, ...groups: unknown[]) => {
      const spec = groups[1] as string;
      return whole.replace(spec, retarget(spec));
    });
  let out = text;
  // from '…' (imports and re-exports), bare import '…', import('…'), vi.mock('…'), new URL('…', import.meta.url)
  out = quoted(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.mock\(\s*)(?:'|")(\.{1,2}\/[^'"]*|\.{1,2})(?:'|")/g)(out);
  out = quoted(/(\bnew URL\(\s*)(?:'|")(\.{1,2}\/[^'"]*|\.{1,2})(?:'|")(?=\s*,\s*import\.meta\.url)/g)(out);
  // join(import.meta.dirname, '..', 'secrets', 'keychain.ts'): literal segments only.
  out = out.replace(/\b(join|resolve)\(\s*import\.meta\.dirname\s*,\s*((?:'[^']*'\s*,\s*)*'[^']*')\s*\)/g, (whole: string, fn: string, args: string) => {
    const segments = [...args.matchAll(/'([^']*)'/g)].map((match) => match[1] as string);
    const spec = segments.join('/');
    const next = retarget(spec.startsWith('.') ? spec : `./${spec}`);
    if (next === spec || next === `./${spec}`) return whole;
    const parts = next.replace(/^\.\//, '').split('/').filter(Boolean);
    return `${fn}(import.meta.dirname, ${parts.map((part) => `'${part}'`).join(', ')})`;
  });
  // Repository paths written out: 'src-main/web/main.ts' and join(ROOT, 'src-main', 'cli', 'main.ts').
  out = out.replace(/(['"`])((?:src-main|src-preload|src-renderer|e2e|scripts)\/[\w./-]+)(?=['"`])/g, (whole: string, quote: string, path: string) => {
    if (!exists(normalise(path))) return whole;
    const next = movedPath(normalise(path), mapping);
    if (next === normalise(path)) return whole;
    changed += 1;
    return `${quote}${next}`;
  });
  out = out.replace(/\b(join|resolve)\(\s*([A-Za-z_$][\w$]*)\s*,\s*('(?:src-main|src-preload|src-renderer|e2e|scripts)'\s*,\s*(?:'[^']*'\s*,\s*)*'[^']*')\s*\)/g, (whole: string, fn: string, base: string, args: string) => {
    const path = [...args.matchAll(/'([^']*)'/g)].map((match) => match[1] as string).join('/');
    if (!exists(normalise(path))) return whole;
    const next = movedPath(normalise(path), mapping);
    if (next === normalise(path)) return whole;
    changed += 1;
    return `${fn}(${base}, ${next.split('/').map((part) => `'${part}'`).join(', ')})`;
  });
  return { text: out, changed, unresolved };
}

/** Replaces moved paths written as text in a configuration file; returns the globs it could not map. */
export function rewriteConfig(text: string, mapping: Mapping): { text: string; review: string[] } {
  const olds = Object.keys(mapping).sort((a, b) => b.length - a.length);
  let out = text;
  for (const old of olds) {
    const pattern = new RegExp(`${old.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[/'"\`\\s,)\\]]|$)`, 'g');
    out = out.replace(pattern, mapping[old] as string);
  }
  // A glob whose fixed prefix is the parent of a path that moved out from under it now misses that path.
  const review = [...out.matchAll(/(src-main|src-preload|src-renderer)\/[\w./-]*\*[^'"`\s,)]*/g)]
    .map((match) => match[0])
    .filter((glob) => {
      // The glob's fixed part: `a/b/**` covers a/b/…, `a/b/lab-*` covers a/b/lab-….
      const fixed = glob.slice(0, glob.indexOf('*'));
      const covers = (path: string): boolean => path.startsWith(fixed);
      return olds.some((old) => covers(old) && !covers(mapping[old] as string));
    });
  return { text: out, review: [...new Set(review)] };
}

export interface MovePlan {
  moves: [string, string][];
  rewrites: Map<string, string>;
  skipped: string[];
  unresolved: string[];
  review: string[];
}

export function planMoves(root: string, mapping: Mapping): MovePlan {
  const tracked = trackedFiles(root);
  const trackedSet = new Set(tracked);
  const folders = new Set(tracked.flatMap((file) => file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const exists = (path: string): boolean => path === '' || path === '.' || trackedSet.has(path) || folders.has(path);
  const skipped = Object.keys(mapping).filter((old) => !exists(old));
  const live: Mapping = Object.fromEntries(Object.entries(mapping).filter(([old]) => exists(old)));
  const moves = tracked.map((file) => [file, movedPath(file, live)] as [string, string]).filter(([from, to]) => from !== to);
  const rewrites = new Map<string, string>();
  const unresolved: string[] = [];
  const review = new Set<string>();
  for (const file of tracked) {
    if (!existsSync(join(root, file))) continue;
    const isSource = SOURCE_ROOTS.some((top) => file.startsWith(`${top}/`)) && SOURCE_FILE.test(file);
    const isConfig = CONFIG_FILES.includes(file);
    if (!isSource && !isConfig) continue;
    const original = readFileSync(join(root, file), 'utf8');
    let text = original;
    if (isSource) {
      const result = rewriteReferences(file, text, live, exists);
      text = result.text;
      unresolved.push(...result.unresolved.map((spec) => `${file}: ${spec}`));
    }
    if (isConfig) {
      const result = rewriteConfig(text, live);
      text = result.text;
      result.review.forEach((glob) => review.add(`${file}: ${glob}`));
    }
    if (text !== original) rewrites.set(file, text);
  }
  return { moves, rewrites, skipped, unresolved, review: [...review] };
}

export function applyMoves(root: string, plan: MovePlan): void {
  // Contents first (at the old paths), then the moves, so git sees each file as renamed and edited.
  for (const [file, text] of plan.rewrites) writeFileSync(join(root, file), text);
  for (const [from, to] of plan.moves) {
    mkdirSync(dirname(join(root, to)), { recursive: true });
    git(root, 'mv', from, to);
  }
  // git mv leaves the emptied folders behind.
  const emptied = [...new Set(plan.moves.map(([from]) => dirname(from)))].sort((a, b) => b.length - a.length);
  for (const folder of emptied) removeEmptyFolders(root, folder);
}

function removeEmptyFolders(root: string, folder: string): void {
  for (let current = folder; current !== '.' && current !== ''; current = dirname(current)) {
    const path = join(root, current);
    if (!existsSync(path) || readdirSync(path).length > 0) return;
    rmdirSync(path);
  }
}

function parseMapping(args: readonly string[]): Mapping {
  const pairs = args.filter((arg) => !arg.startsWith('--'));
  if (pairs.length === 1 && pairs[0]?.endsWith('.json') && existsSync(pairs[0]) && statSync(pairs[0]).isFile()) {
    const raw = JSON.parse(readFileSync(pairs[0], 'utf8')) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith('//')).map(([from, to]) => [normalise(from), normalise(String(to))]));
  }
  return Object.fromEntries(
    pairs.map((pair) => {
      const [from, to] = pair.split('=');
      if (!from || !to) throw new Error(`"${pair}" is not old=new`);
      return [normalise(from), normalise(to)];
    }),
  );
}

function main(argv: readonly string[]): number {
  if (argv.length === 0 || argv.includes('--help')) {
    process.stdout.write('usage: node scripts/move-layers.ts <mapping.json | old=new …> [--dry-run]\n');
    return argv.length === 0 ? 2 : 0;
  }
  const mapping = parseMapping(argv);
  const plan = planMoves(ROOT, mapping);
  for (const old of plan.skipped) process.stdout.write(`skip (not found): ${old}\n`);
  process.stdout.write(`${plan.moves.length} files move, ${plan.rewrites.size} files are rewritten\n`);
  for (const line of plan.unresolved) process.stdout.write(`review (reference outside the repository, left as is): ${line}\n`);
  for (const line of plan.review) process.stdout.write(`review (glob covers moved and unmoved paths): ${line}\n`);
  if (argv.includes('--dry-run')) {
    for (const [from, to] of plan.moves) process.stdout.write(`  ${from} -> ${to}\n`);
    return 0;
  }
  applyMoves(ROOT, plan);
  process.stdout.write('done: run the typecheck, lint and tests, then commit\n');
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) process.exitCode = main(process.argv.slice(2));
