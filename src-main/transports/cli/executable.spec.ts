// bin/failover-console as an operator runs it: the launcher, Node found as the set-up finds it, the bundle in
// out/cli/ (docs/decisions.md, "The failover-console executable"). Nothing about time is asserted here;
// scripts/bench-cli.ts measures it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../application/paths.ts';
import { ensureCliBundle, LAUNCHER } from '../../test-support/cli-executable.ts';

const run = promisify(execFile);
const HOOK = join(PROJECT_ROOT, 'src-main', 'test-support', 'loaded-modules-hook.ts');
const BUNDLE_ENTRY = pathToFileURL(join(PROJECT_ROOT, 'out', 'cli', 'cli-main.js')).href;
/** The certificate libraries and the keychain's native module: what `sites list` must not load. */
const HEAVY = /node_modules\/(@peculiar\/|node-forge\/|tsyringe\/|asn1js\/|keytar\/)/;

let root: string;
beforeAll(async () => {
  await ensureCliBundle();
  root = mkdtempSync(join(tmpdir(), 'fc-executable-'));
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function failoverConsole(args: readonly string[], env: Record<string, string> = {}): Promise<Result> {
  // No inherited data directory: a clean one per test, or none at all.
  const { FAILOVER_CONSOLE_DATA_DIR: _unused, NODE_OPTIONS: _options, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run(LAUNCHER, args, { env: { ...inherited, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Runs a command with the loaded-modules hook preloaded; returns what the process loaded. */
async function loadedBy(args: readonly string[]): Promise<{ result: Result; loaded: string[]; reflectMetadata: boolean }> {
  const file = join(root, `loaded-${Math.random().toString(36).slice(2)}.json`);
  const result = await failoverConsole(args, { NODE_OPTIONS: `--import=${pathToFileURL(HOOK).href}`, FC_LOADED_MODULES_FILE: file });
  return { result, ...(JSON.parse(readFileSync(file, 'utf8')) as { loaded: string[]; reflectMetadata: boolean }) };
}

describe('the failover-console executable', () => {
  it('answers --help and sites list end to end on a clean data directory, from the bundle', async () => {
    const dataDir = join(root, 'clean');
    const help = await failoverConsole(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: failover-console <command>/);
    expect(help.stdout).toContain('sites list');

    const { result, loaded } = await loadedBy(['sites', 'list', '--data-dir', dataDir]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^ID\s+NAME\s+KIND/);
    expect(result.stdout).toMatch(/site-primary\s+Contoso Primary \(VMM\)\s+vmm/);
    // The bundle ran, not the sources the launcher falls back to when out/cli/ is stale.
    expect(loaded).toContain(BUNDLE_ENTRY);
    expect(loaded.filter((url) => url.endsWith('.ts') && !url.includes('/test-support/'))).toEqual([]);
  });

  it('refuses bad input with a typed error and exit 2, without a stack trace', async () => {
    const unknownPlan = await failoverConsole(['preflight', '--plan', 'no-such-plan', '--operation', 'test-failover', '--data-dir', join(root, 'bad')]);
    expect(unknownPlan.code).toBe(2);
    expect(unknownPlan.stderr).toMatch(/^error \[NOT_FOUND\]: .*no-such-plan/);
    const unknownOption = await failoverConsole(['sites', 'list', '--colour']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/^error: Unknown option '--colour'/);
    for (const { stdout, stderr } of [unknownPlan, unknownOption]) expect(`${stdout}${stderr}`).not.toMatch(/^\s+at /m);
  });

  it('sites list loads no certificate library, no Reflect shim and no keytar', async () => {
    const { result, loaded, reflectMetadata } = await loadedBy(['sites', 'list', '--data-dir', join(root, 'light')]);
    expect(result.code).toBe(0);
    expect(loaded.filter((url) => HEAVY.test(url))).toEqual([]);
    expect(reflectMetadata).toBe(false);
    // Bundled dependencies have no node_modules URL: no loaded chunk of out/cli/ may carry node-forge either.
    const chunks = loaded.filter((url) => url.startsWith(pathToFileURL(join(PROJECT_ROOT, 'out', 'cli')).href));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(readFileSync(new URL(chunk), 'utf8'), chunk).not.toContain('node_modules/node-forge/');
  });
});
