// The ONE layer map of the code base (docs/architecture.md, "Layers"). The lint rule in ./layering-rule.ts reads
// it: every file belongs to the first layer whose glob matches it, and may import only from the layers its
// layer lists in `mayImport`. An upward or sideways import fails `npm run lint`, hence `npm test`.
// Globs are relative to the repository root: `*` matches within one path segment, `**` across segments.

export type LayerName =
  | 'base'
  | 'domain'
  | 'contract'
  | 'orchestration'
  | 'application'
  | 'api'
  | 'transport'
  | 'composition'
  | 'adapter'
  | 'renderer'
  | 'test';

export interface Layer {
  name: LayerName;
  /** The files of the layer (first matching layer wins, so specific globs come before broad ones). */
  files: string[];
  /** The layers its files may import (its own always included, except adapters: see `isolated`). */
  mayImport: LayerName[];
  /** Files it may import whatever their layer (the renderer: the whole contract, errors included). */
  mayImportFiles?: string[];
  /**
   * Adapters are isolated from each other: a file may import another adapter's file only inside the same
   * adapter unit (the folder that matched, e.g. `src-main/adapters/sqlite` or `src-main/adapters/lab/`).
   */
  isolated?: boolean;
}

// Test code (specs, test support) may import anything: it composes real components like the composition
// root does. Listed first so a spec inside any folder is a test.
const TEST_FILES = ['**/*.spec.ts', 'src-main/test-support/**', 'src-main/adapters/lab/lab-testing.ts', 'src-main/orchestration/testing.ts', 'src-main/domain/rules/fixture.ts'];

export const LAYERS: Layer[] = [
  { name: 'test', files: TEST_FILES, mayImport: ['base', 'domain', 'contract', 'orchestration', 'application', 'api', 'transport', 'composition', 'adapter', 'renderer'] },
  // The composition roots: they build the adapters and hand them to everything else.
  { name: 'composition', files: ['src-main/composition/**', 'src-main/index.ts'], mayImport: ['base', 'domain', 'contract', 'orchestration', 'application', 'api', 'transport', 'adapter'] },
  // Cross-cutting: the process log. Imports nothing of ours; anyone on the main side may log.
  { name: 'base', files: ['src-main/application/log.ts'], mayImport: [] },
  // Adapters implement the engine's ports (SQLite, the OS keychain, certificates, the lab fabric).
  {
    name: 'adapter',
    files: ['src-main/adapters/sqlite/**', 'src-main/adapters/*/**', 'src-main/adapters/keychain/**', 'src-main/adapters/certificates/**'],
    mayImport: ['base', 'domain'],
    isolated: true,
  },
  // Pure domain: plain data and functions, no I/O; the ports the adapters implement; the typed errors.
  {
    name: 'domain',
    files: [
      'src-main/domain/model/**',
      'src-main/domain/rules/**',
      'src-main/domain/jobs/**',
      'src-main/domain/addns/**',
      'src-main/domain/plans/**',
      'src-main/domain/estate/**',
      'src-main/domain/time/**',
      'src-main/domain/dashboard/**',
      'src-main/domain/ports/**',
      'src-main/domain/fabric/**',
      'src-main/contract/errors.ts',
    ],
    mayImport: ['base'],
  },
  // The wire: channel names, input schemas, versioned output DTOs. What the renderer sees of the main side.
  { name: 'contract', files: ['src-main/contract/**'], mayImport: ['domain'] },
  // The runner, decisions, timers and retry policy: drives the domain through the ports.
  { name: 'orchestration', files: ['src-main/orchestration/**'], mayImport: ['base', 'domain', 'contract'] },
  // Use cases and the services they share (one request context per call).
  { name: 'application', files: ['src-main/application/**'], mayImport: ['base', 'domain', 'contract', 'orchestration'] },
  // The transport-neutral dispatcher and the handlers every transport calls.
  { name: 'api', files: ['src-main/transports/api/**'], mayImport: ['base', 'domain', 'contract', 'orchestration', 'application'] },
  // The transports themselves; each reaches the engine through api/ dispatch. Sideways imports between two
  // transports fail: what two of them share belongs in api/ or application.
  {
    name: 'transport',
    files: ['src-main/transports/web/**', 'src-main/transports/cli/**', 'src-main/transports/electron/**', 'src-preload/**'],
    mayImport: ['base', 'domain', 'contract', 'orchestration', 'application', 'api'],
    isolated: true,
  },
  // The renderer sees the main side only through the contract: wire DTOs and pure wire-level functions.
  { name: 'renderer', files: ['src-renderer/**'], mayImport: [], mayImportFiles: ['src-main/contract/**'] },
];

/**
 * Imports that break the map today, each with why it is tolerated. The list only shrinks: the layering spec
 * fails on an entry that no longer matches any import, so a fixed violation must leave the list too.
 * `from`/`to` are globs like the layers'; `typeOnly` entries tolerate `import type` only.
 */
export interface AllowedViolation {
  from: string;
  to: string;
  typeOnly?: boolean;
  why: string;
}

export const ALLOWED_VIOLATIONS: AllowedViolation[] = [
  // AppContext is the service container; its interface sits in the composition root beside its factory.
  // Moving the interface to an application module (e.g. src-main/application/app-context.ts) drops these four.
  { from: 'src-main/transports/api/**', to: 'src-main/composition/app-context.ts', typeOnly: true, why: 'handlers and dispatch receive AppContext' },
  { from: 'src-main/transports/web/server.ts', to: 'src-main/composition/app-context.ts', typeOnly: true, why: 'the web host serves one AppContext' },
  { from: 'src-main/transports/electron/ipc-invoke.ts', to: 'src-main/composition/app-context.ts', typeOnly: true, why: 'the IPC handler dispatches to one AppContext' },
  { from: 'src-main/transports/cli/**', to: 'src-main/composition/app-context.ts', why: 'CLI commands open an AppContext on the data directory' },
  // The orchestrator takes two application services instead of ports (event sink, certificate bindings).
  { from: 'src-main/orchestration/**', to: 'src-main/application/events.ts', typeOnly: true, why: 'EventHub instead of an event-sink port' },
  { from: 'src-main/orchestration/**', to: 'src-main/application/services.ts', typeOnly: true, why: 'CertificateBindings instead of a port' },
  // The lab has its own database file but opens it with the engine's SQLite plumbing (WAL + synchronous=FULL,
  // named migrations, group commit); that plumbing would move to a shared sqlite unit.
  { from: 'src-main/adapters/lab/**', to: 'src-main/adapters/sqlite/database.ts', why: 'opens lab.sqlite with openDatabase / inTransaction' },
  { from: 'src-main/adapters/lab/**', to: 'src-main/adapters/sqlite/write-batcher.ts', why: 'the lab groups its commits with the WriteBatcher' },
  { from: 'src-main/adapters/lab/lab-migrations.ts', to: 'src-main/adapters/sqlite/migrations.ts', typeOnly: true, why: 'the Migration type' },
  // Adapters speaking in types that are defined only in the contract (they belong in the domain).
  { from: 'src-main/adapters/keychain/keychain.ts', to: 'src-main/contract/secrets.ts', why: 'KeychainStatus is defined only in the contract' },
  { from: 'src-main/adapters/sqlite/audit-log.ts', to: 'src-main/contract/audit.ts', typeOnly: true, why: 'AuditVerdict is contract-only' },
  { from: 'src-main/adapters/certificates/bindings.ts', to: 'src-main/application/services.ts', typeOnly: true, why: 'implements the CertificateBindings port that still lives in app/services.ts' },
  // Adapters reaching into each other.
  { from: 'src-main/adapters/certificates/store.ts', to: 'src-main/adapters/keychain/keychain.ts', typeOnly: true, why: 'PFX passwords live in the keychain' },
  // Handlers reaching an adapter instead of a port.
  { from: 'src-main/transports/api/handlers/lab.ts', to: 'src-main/adapters/lab/lab-faults.ts', why: 'describes lab faults with the lab’s describeFault' },
];

/** Only the SQLite adapters may import node:sqlite; everyone else goes through ports. */
export const SQLITE_MODULE = 'node:sqlite';
/** Who imports node:sqlite by design, and why. */
export const SQLITE_IMPORTERS: { files: string; why: string }[] = [
  { files: 'src-main/adapters/sqlite/**', why: 'the engine’s SQLite adapter: it implements the persistence ports and owns every SQL statement of the engine’s database' },
  {
    files: 'src-main/adapters/lab/**',
    why: 'the lab is the simulated far side of a fabric, a remote service with its own database (lab.sqlite): like a real fabric it keeps its own storage, which is not the engine’s (docs/decisions.md)',
  },
  { files: '**/*.spec.ts', why: 'specs read, break and upgrade real databases to prove what the engine does with them' },
  { files: 'src-main/test-support/**', why: 'test support composes real parts, as the composition root does' },
];
export const SQLITE_ADAPTER_FILES = SQLITE_IMPORTERS.map((entry) => entry.files);
/** Files that still take a DatabaseSync and must move behind a port. None today: keep it that way. */
export const SQLITE_ALLOWED_OFFENDERS: { file: string; why: string }[] = [];

/**
 * Globs (as `….ts` file globs) of everything on the main side that runs in plain Node (CLI, web host, tests)
 * and so must never import Electron: every layer but the renderer, the Electron transport and the desktop
 * composition root.
 */
export function electronFreeFiles(): string[] {
  const desktopOnly = new Set(['src-main/index.ts', 'src-main/transports/electron/**', 'src-preload/**']);
  return LAYERS.filter((layer) => layer.name !== 'renderer' && layer.name !== 'test')
    .flatMap((layer) => layer.files)
    .filter((glob) => glob.startsWith('src-main/') && !desktopOnly.has(glob))
    .map((glob) => (glob.endsWith('/**') ? `${glob}/*.ts` : glob));
}

// ---------------------------------------------------------------------------------------------------------
// Matching

const globCache = new Map<string, RegExp>();

/** `*` = within a segment, `**` = any depth (also zero segments when followed by `/`). */
export function globToRegExp(glob: string): RegExp {
  const cached = globCache.get(glob);
  if (cached) return cached;
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] as string;
    if (char === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  const regExp = new RegExp(`^${source}$`);
  globCache.set(glob, regExp);
  return regExp;
}

export function matches(file: string, glob: string): boolean {
  return globToRegExp(glob).test(file);
}

export interface Placement {
  layer: Layer;
  /** The glob that placed it: for isolated layers, files of the same unit share it (and its folder). */
  unit: string;
}

/** The layer of a repository-relative path, or undefined when the map does not place it (scripts, e2e). */
export function placeFile(file: string): Placement | undefined {
  for (const layer of LAYERS) {
    for (const glob of layer.files) {
      if (matches(file, glob)) return { layer, unit: unitOf(file, glob) };
    }
  }
  return undefined;
}

/** The adapter or transport unit: the folder the glob's wildcard starts in (plus the next segment for `*`/**). */
function unitOf(file: string, glob: string): string {
  const star = glob.indexOf('*');
  if (star < 0) return glob;
  const prefix = glob.slice(0, star);
  if (glob.slice(star).startsWith('*/')) {
    // `adapters/*/**`: one adapter per sub-folder.
    const rest = file.slice(prefix.length);
    return prefix + rest.split('/')[0];
  }
  return prefix;
}

export interface Verdict {
  ok: boolean;
  reason?: string;
}

/**
 * May `from` import `to` (both repository-relative)? Files outside the map are not judged. `strict` ignores
 * the allow-list: `LAYERING_STRICT=1 npx eslint src-main src-preload` lists every violation there is.
 */
export function judgeImport(from: string, to: string, typeOnly: boolean, strict = false): Verdict {
  const source = placeFile(from);
  const target = placeFile(to);
  if (!source || !target) return { ok: true };
  const sameLayer = source.layer.name === target.layer.name;
  let ok: boolean;
  if (sameLayer) ok = !source.layer.isolated || source.unit === target.unit;
  else
    ok =
      source.layer.mayImport.includes(target.layer.name) ||
      (target.layer.name === 'base' && source.layer.name !== 'renderer') ||
      (source.layer.mayImportFiles ?? []).some((glob) => matches(to, glob));
  if (ok) return { ok: true };
  if (!strict && findAllowance(from, to, typeOnly)) return { ok: true };
  const why = sameLayer
    ? `${source.layer.name} units are isolated: ${source.unit} may not import ${target.unit}`
    : `${source.layer.name} may import only ${[...source.layer.mayImport, ...(source.layer.mayImportFiles ?? [])].join(', ')} (not ${target.layer.name})`;
  return { ok: false, reason: why };
}

export function findAllowance(from: string, to: string, typeOnly: boolean): AllowedViolation | undefined {
  return ALLOWED_VIOLATIONS.find((entry) => matches(from, entry.from) && matches(to, entry.to) && (!entry.typeOnly || typeOnly));
}

export function mayImportSqlite(file: string, strict = false): boolean {
  return SQLITE_ADAPTER_FILES.some((glob) => matches(file, glob)) || (!strict && SQLITE_ALLOWED_OFFENDERS.some((entry) => entry.file === file));
}
