// A local ESLint rule (like VS Code's `code-layering`): every relative import is judged against the layer map
// in ./layer-map.ts, and only the SQLite adapters may import node:sqlite (docs/architecture.md, "Layers").
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Rule } from 'eslint';
import { judgeImport, mayImportSqlite, SQLITE_MODULE } from './layer-map.ts';

const REPO_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

function toRepoPath(absolute: string, root: string): string {
  return relative(root, absolute).split(sep).join('/');
}

type ImportNode = { source?: { value?: unknown } | null; importKind?: string; exportKind?: string; specifiers?: { importKind?: string }[] };

/** `import type { X }`, `export type { X }` or every specifier `type X`: erased at compile time. */
function isTypeOnly(node: ImportNode): boolean {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((specifier) => specifier.importKind === 'type');
}

export const layeringRule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layer map (scripts/eslint/layer-map.ts, docs/architecture.md).' },
    schema: [{ type: 'object', properties: { root: { type: 'string' }, strict: { type: 'boolean' } }, additionalProperties: false }],
    messages: {
      layer: 'Layer violation: {{from}} may not import {{to}} ({{reason}}). See docs/architecture.md, "Layers".',
      sqlite: 'Only the SQLite adapters (src-main/adapters/sqlite/, src-main/adapters/lab/) may import node:sqlite: go through a port.',
    },
  },
  create(context) {
    // strict: ignore the allow-list (lists every violation there is).
    const options = (context.options[0] ?? {}) as { root?: string; strict?: boolean };
    const strict = options.strict === true;
    const root = options.root ?? REPO_ROOT;
    const filename = context.filename;
    if (!isAbsolute(filename)) return {};
    const from = toRepoPath(filename, root);
    if (from.startsWith('..')) return {};

    function check(node: Rule.Node, specifier: unknown, typeOnly: boolean): void {
      if (typeof specifier !== 'string') return;
      if (specifier === SQLITE_MODULE) {
        if (!mayImportSqlite(from, strict)) context.report({ node, messageId: 'sqlite' });
        return;
      }
      if (!specifier.startsWith('.')) return;
      const to = toRepoPath(join(dirname(filename), specifier), root);
      const verdict = judgeImport(from, to, typeOnly, strict);
      if (!verdict.ok) context.report({ node, messageId: 'layer', data: { from, to, reason: verdict.reason ?? '' } });
    }

    return {
      ImportDeclaration(node) {
        check(node, node.source.value, isTypeOnly(node as unknown as ImportNode));
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, isTypeOnly(node as unknown as ImportNode));
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, isTypeOnly(node as unknown as ImportNode));
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value, false);
      },
    };
  },
};

export const layeringPlugin = { rules: { layering: layeringRule } };
