import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../domain/time/clock.ts';
import { generateCertificateFixtures, type CertificateFixtures } from '../../../test-support/certificate-fixtures.ts';
import { createKeychainApp } from '../../../test-support/keychain-app.ts';
import type { TempApp } from '../../../test-support/temp-app.ts';
import { runCli } from '../run.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
let fixtures: CertificateFixtures;
let temp: TempApp | undefined;
let workDir: string | undefined;
beforeAll(async () => {
  fixtures = await generateCertificateFixtures(NOW);
});
afterEach(() => {
  temp?.dispose();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function cli(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { app: temp!.app, io: { out: (text) => (stdout += text), err: (text) => (stderr += text), readStdin: async () => stdin } });
  return { code, stdout, stderr };
}

describe('connections, secrets and certificates commands: usage', () => {
  it('connections add without --kind is a usage error (exit 2)', async () => {
    temp = createKeychainApp();
    const { code, stderr } = await cli(['connections', 'add', '--name', 'x', '--address', 'a', '--user', 'u']);
    expect(code).toBe(2);
    expect(stderr).toContain('--kind is required');
  });

  it('secrets set refuses a secret given as an argument: there is no such option (exit 2)', async () => {
    temp = createKeychainApp();
    expect((await cli(['secrets', 'set', '--connection', 'x', '--secret', 'on-the-command-line'])).code).toBe(2);
  });

  it('certificates import of a truncated file fails with its code on stderr, no stack (exit 1)', async () => {
    temp = createKeychainApp();
    workDir = mkdtempSync(join(tmpdir(), 'fc-cli-'));
    writeFileSync(join(workDir, 'cut.cer'), fixtures.valid.der.subarray(0, 40));
    const { code, stderr } = await cli(['certificates', 'import', join(workDir, 'cut.cer')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error \[CERTIFICATE_UNREADABLE\]: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

// Needs the private Secret Service that npm test starts.
describe.skipIf(!process.env.FC_KEYCHAIN_TESTS)('connections, secrets and certificates commands with the keychain', () => {
  it('add a connection, set its secret from stdin, see it stored, delete it, remove the connection', async () => {
    temp = createKeychainApp();
    expect((await cli(['connections', 'add', '--name', 'VMM primary', '--kind', 'vmm', '--address', 'vmm01.contoso.local', '--user', 'svc'])).code).toBe(0);
    expect((await cli(['secrets', 'set', '--connection', 'VMM primary'], 'from-stdin-secret\n')).code).toBe(0);
    const [connection] = JSON.parse((await cli(['connections', 'list', '--json'])).stdout) as { id: string; secret: string }[];
    expect(connection?.secret).toBe('stored');
    expect(await temp.app.keychain.get(connection!.id)).toBe('from-stdin-secret');
    expect((await cli(['secrets', 'status', '--connection', 'VMM primary'])).stdout).toBe('stored\n');
    expect((await cli(['secrets', 'status'])).stdout).toMatch(/keychain: available/);
    expect((await cli(['secrets', 'delete', '--connection', 'VMM primary'])).code).toBe(0);
    expect(await temp.app.keychain.get(connection!.id)).toBeNull();
    expect((await cli(['connections', 'remove', '--connection', 'VMM primary'])).code).toBe(0);
    expect(JSON.parse((await cli(['connections', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('import a PFX with --password-stdin, list it, bind it to the encrypted vault (R4 checks pass)', async () => {
    temp = createKeychainApp({ clock: fixedClock(NOW), providerThumbprints: { 'vault-weu-encrypted': fixtures.valid.thumbprint } });
    workDir = mkdtempSync(join(tmpdir(), 'fc-cli-'));
    const file = join(workDir, 'vault.pfx');
    writeFileSync(file, fixtures.valid.pfx('cli-pfx-password'));
    const imported = await cli(['certificates', 'import', file, '--password-stdin', '--json'], 'cli-pfx-password\n');
    expect(imported.code).toBe(0);
    const { id } = JSON.parse(imported.stdout) as { id: string };
    expect((await cli(['certificates', 'list'])).stdout).toContain(fixtures.valid.thumbprint);
    const bound = await cli(['certificates', 'bind', '--certificate', id, '--scope', 'vault-weu-encrypted']);
    expect(bound).toMatchObject({ code: 0, stdout: expect.stringContaining('bound') });
    expect(await temp.app.certificates.factsFor('vault-weu-encrypted')).toMatchObject({ passwordOpens: true, hasPrivateKey: true });
  });

  it('R4: binding an expired certificate exits 1 with CERTIFICATE_EXPIRED', async () => {
    temp = createKeychainApp({ clock: fixedClock(NOW), providerThumbprints: { 'vault-weu-encrypted': fixtures.expired.thumbprint } });
    workDir = mkdtempSync(join(tmpdir(), 'fc-cli-'));
    const file = join(workDir, 'old.pfx');
    writeFileSync(file, fixtures.expired.pfx('pw'));
    const { id } = JSON.parse((await cli(['certificates', 'import', file, '--password-stdin', '--json'], 'pw')).stdout) as { id: string };
    const bound = await cli(['certificates', 'bind', '--certificate', id, '--scope', 'vault-weu-encrypted']);
    expect(bound.code).toBe(1);
    expect(bound.stderr).toMatch(/^error \[CERTIFICATE_EXPIRED\]/);
  });
});
