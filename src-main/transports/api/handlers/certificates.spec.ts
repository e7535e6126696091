import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateSummary } from '../../../contract/certificates.ts';
import { pfxPasswordOpens } from '../../../adapters/certificates/parse.ts';
import { passwordAccount } from '../../../adapters/certificates/store.ts';
import { createKeychain } from '../../../adapters/keychain/keychain.ts';
import { fixedClock } from '../../../domain/time/clock.ts';
import { generateCertificateFixtures, truncated, twoMebibytes, type CertificateFixtures } from '../../../test-support/certificate-fixtures.ts';
import { createKeychainApp, dispatch } from '../../../test-support/keychain-app.ts';
import { snapshotDatabase, type TempApp } from '../../../test-support/temp-app.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const SCOPE = 'vault-weu-encrypted';
let fixtures: CertificateFixtures;
let temp: TempApp | undefined;
beforeAll(async () => {
  fixtures = await generateCertificateFixtures(NOW);
});
afterEach(() => temp?.dispose());

function upload(fileName: string, bytes: Buffer | string, password?: string): unknown {
  return { source: { kind: 'upload', fileName, contentBase64: Buffer.from(bytes).toString('base64') }, ...(password === undefined ? {} : { password }) };
}

/** The lab's encrypted vault expects `thumbprint` (as if the provider installation had issued it). */
function appExpecting(thumbprint: string): TempApp {
  return createKeychainApp({ clock: fixedClock(NOW), providerThumbprints: { [SCOPE]: thumbprint } });
}

async function ok<T>(channel: string, input: unknown): Promise<T> {
  const envelope = await dispatch(temp!.app, channel, input);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as T;
}

async function codeOf(channel: string, input: unknown): Promise<string> {
  const envelope = await dispatch(temp!.app, channel, input);
  return envelope.ok ? 'ok' : envelope.error.code;
}

describe('certificate import refusals that need no keychain', () => {
  it.each([
    ['a truncated file', () => upload('cut.pfx', truncated(fixtures.valid.pfx('pw')), 'pw'), 'CERTIFICATE_UNREADABLE'],
    ['a 2 MiB file', () => upload('huge.pfx', twoMebibytes(), 'pw'), 'CERTIFICATE_TOO_LARGE'],
    ['an unencrypted PEM key', () => upload('key.pem', fixtures.valid.pem + fixtures.valid.keyPem), 'CERTIFICATE_KEY_UNPROTECTED'],
    ['a wrong PFX password', () => upload('valid.pfx', fixtures.valid.pfx('right-password'), 'wrong-password'), 'CERTIFICATE_PASSWORD_WRONG'],
  ])('%s is refused with its own code and nothing is stored', async (_name, input, code) => {
    temp = appExpecting(fixtures.valid.thumbprint);
    const before = snapshotDatabase(temp.app);
    expect(await codeOf('certificates:import', input())).toBe(code);
    expect(snapshotDatabase(temp.app)).toEqual(before);
  });

  it('the encrypted vault is listed as a scope with the expected thumbprint the lab provider issued', async () => {
    temp = appExpecting(fixtures.valid.thumbprint);
    expect(await ok('certificates:scopes', {})).toEqual([
      { scopeId: SCOPE, name: 'Recovery vault (data encryption on)', siteId: 'site-azure', siteName: 'Azure West Europe', expectedThumbprint: fixtures.valid.thumbprint, boundCertificateId: null },
    ]);
  });

  it('a PFX import without a keychain is KEYCHAIN_UNAVAILABLE and writes nothing: no row, no file (no plaintext fallback)', async () => {
    temp = createKeychainApp({ clock: fixedClock(NOW), keychain: createKeychain({ load: () => Promise.reject(new Error('no keytar')) }) });
    const before = snapshotDatabase(temp.app);
    const envelope = await dispatch(temp.app, 'certificates:import', upload('vault.pfx', fixtures.valid.pfx('offline-pw-77'), 'offline-pw-77'));
    expect(envelope).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } });
    expect(JSON.stringify(envelope)).not.toContain('offline-pw-77');
    expect(snapshotDatabase(temp.app)).toEqual(before);
    expect(existsSync(join(temp.dataDir, 'certificates'))).toBe(false);
  });

  it('a certificate without a key (.cer) needs no keychain to be imported', async () => {
    temp = createKeychainApp({ clock: fixedClock(NOW), keychain: createKeychain({ load: () => Promise.reject(new Error('no keytar')) }) });
    expect(await ok('certificates:import', upload('ca.cer', fixtures.ca.der))).toMatchObject({ format: 'der', hasPrivateKey: false });
  });

  it('desktop: a file chosen in the native dialog is imported by its one-use token, never by a path from the renderer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-pick-'));
    const chosen = [join(dir, 'vault.cer'), join(dir, 'huge.cer')];
    writeFileSync(chosen[0]!, fixtures.valid.der);
    writeFileSync(chosen[1]!, twoMebibytes());
    temp = createKeychainApp({ clock: fixedClock(NOW), filePicker: { pickCertificateFile: async () => chosen.shift() ?? null } });
    try {
      const picked = await ok<{ file: { token: string; name: string; sizeBytes: number } }>('certificates:pick-file', {});
      expect(picked.file).toMatchObject({ name: 'vault.cer', sizeBytes: fixtures.valid.der.length });
      expect(await ok('certificates:import', { source: { kind: 'picked', token: picked.file.token } })).toMatchObject({ label: 'vault.cer', thumbprint: fixtures.valid.thumbprint });
      expect(await codeOf('certificates:import', { source: { kind: 'picked', token: picked.file.token } })).toBe('NOT_FOUND');
      const huge = await ok<{ file: { token: string } }>('certificates:pick-file', {});
      expect(await codeOf('certificates:import', { source: { kind: 'picked', token: huge.file.token } })).toBe('CERTIFICATE_TOO_LARGE');
      expect(await ok('certificates:pick-file', {})).toEqual({ file: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('certificates:pick-file is not allowed without the desktop dialog (the web host uploads instead)', async () => {
    temp = appExpecting(fixtures.valid.thumbprint);
    expect(await codeOf('certificates:pick-file', {})).toBe('OPERATION_NOT_ALLOWED');
  });
});

// Needs the private Secret Service that npm test starts (PFX passwords live in the keychain).
describe.skipIf(!process.env.FC_KEYCHAIN_TESTS)('certificates with the real keychain', () => {
  it('R4: a valid PFX with its key, issued for the vault, imports, binds and yields passing facts', async () => {
    temp = appExpecting(fixtures.valid.thumbprint);
    const imported = await ok<CertificateSummary>('certificates:import', upload('vault.pfx', fixtures.valid.pfx('vault-pw-1'), 'vault-pw-1'));
    expect(imported).toMatchObject({ format: 'pfx', thumbprint: fixtures.valid.thumbprint, hasPrivateKey: true, boundTo: [] });
    expect(await temp.app.certificates.factsFor(SCOPE)).toBeNull();
    expect(await ok<CertificateSummary>('certificates:bind', { certificateId: imported.id, scopeId: SCOPE })).toMatchObject({ boundTo: [SCOPE] });
    expect(await temp.app.certificates.factsFor(SCOPE)).toMatchObject({ thumbprint: fixtures.valid.thumbprint, hasPrivateKey: true, passwordOpens: true });
    expect(await ok('certificates:scopes', {})).toMatchObject([{ scopeId: SCOPE, boundCertificateId: imported.id }]);
  });

  it('keeps the PFX readable by its owner only (0600) and its password in the keychain, not the database', async () => {
    temp = appExpecting(fixtures.valid.thumbprint);
    const imported = await ok<CertificateSummary>('certificates:import', upload('vault.pfx', fixtures.valid.pfx('vault-pw-2'), 'vault-pw-2'));
    expect(statSync(join(temp.dataDir, 'certificates', `${imported.id}.pfx`)).mode & 0o777).toBe(0o600);
    expect(statSync(join(temp.dataDir, 'certificates')).mode & 0o777).toBe(0o700);
    expect(await temp.app.keychain.get(passwordAccount(imported.id))).toBe('vault-pw-2');
    expect(JSON.stringify(snapshotDatabase(temp.app))).not.toContain('vault-pw-2');
  });

  it('two simultaneous imports of one certificate: one wins, the other is CONFLICT and leaves the winner\'s PFX and keychain password intact', async () => {
    temp = appExpecting(fixtures.valid.thumbprint);
    const [first, second] = await Promise.all([
      dispatch(temp.app, 'certificates:import', upload('first.pfx', fixtures.valid.pfx('first-pw'), 'first-pw')),
      dispatch(temp.app, 'certificates:import', upload('second.pfx', fixtures.valid.pfx('second-pw'), 'second-pw')),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    const loser = first.ok ? second : first;
    expect(loser.ok ? 'ok' : loser.error.code).toBe('CONFLICT');
    const winner = (first.ok ? first.result : second.ok ? second.result : null) as CertificateSummary;
    const winnerPassword = first.ok ? 'first-pw' : 'second-pw';
    const pfxFile = join(temp.dataDir, 'certificates', `${winner.id}.pfx`);
    expect(existsSync(pfxFile)).toBe(true);
    expect(await temp.app.keychain.get(passwordAccount(winner.id))).toBe(winnerPassword);
    expect(pfxPasswordOpens(readFileSync(pfxFile), winnerPassword)).toBe(true);
  });

  it.each([
    ['R4: an expired certificate', 'expired', 'expired', 'CERTIFICATE_EXPIRED'],
    ['R4: a certificate not yet valid', 'notYetValid', 'notYetValid', 'CERTIFICATE_NOT_YET_VALID'],
    ['R4: a certificate other than the one issued for the vault', 'other', 'valid', 'CERTIFICATE_THUMBPRINT_MISMATCH'],
  ] as const)('%s is refused at binding with its own code', async (_name, fixture, expected, code) => {
    temp = appExpecting(fixtures[expected].thumbprint);
    const imported = await ok<CertificateSummary>('certificates:import', upload(`${fixture}.pfx`, fixtures[fixture].pfx('pw'), 'pw'));
    expect(await codeOf('certificates:bind', { certificateId: imported.id, scopeId: SCOPE })).toBe(code);
    expect(await temp.app.certificates.factsFor(SCOPE)).toBeNull();
  });

  it('R4: a certificate without its private key (.cer) imports, but binding it is refused', async () => {
    temp = appExpecting(fixtures.valid.thumbprint);
    const imported = await ok<CertificateSummary>('certificates:import', upload('vault.cer', fixtures.valid.der));
    expect(imported).toMatchObject({ format: 'der', hasPrivateKey: false });
    expect(await codeOf('certificates:bind', { certificateId: imported.id, scopeId: SCOPE })).toBe('CERTIFICATE_NO_PRIVATE_KEY');
  });

  it('R4: when the keychain password no longer opens the stored PFX, facts say so and binding is refused', async () => {
    temp = appExpecting(fixtures.valid.thumbprint);
    const imported = await ok<CertificateSummary>('certificates:import', upload('vault.pfx', fixtures.valid.pfx('original'), 'original'));
    await ok('certificates:bind', { certificateId: imported.id, scopeId: SCOPE });
    await temp.app.keychain.set(passwordAccount(imported.id), 'changed-behind-our-back');
    expect(await temp.app.certificates.factsFor(SCOPE)).toMatchObject({ passwordOpens: false });
    expect(await codeOf('certificates:bind', { certificateId: imported.id, scopeId: SCOPE })).toBe('CERTIFICATE_PASSWORD_WRONG');
  });

  it('the CA certificate imports as PEM with its key usage; binding to an unencrypted cloud is not allowed', async () => {
    temp = appExpecting(fixtures.valid.thumbprint);
    const ca = await ok<CertificateSummary>('certificates:import', upload('ca.pem', fixtures.ca.pem));
    expect(ca).toMatchObject({ format: 'pem', keyUsage: ['keyCertSign', 'cRLSign'], hasPrivateKey: false });
    expect(await codeOf('certificates:bind', { certificateId: ca.id, scopeId: 'vault-weu' })).toBe('OPERATION_NOT_ALLOWED');
    expect(await codeOf('certificates:bind', { certificateId: ca.id, scopeId: 'nowhere' })).toBe('NOT_FOUND');
  });

  it('a second import of the same certificate is a CONFLICT; a bound certificate cannot be removed until unbound', async () => {
    temp = appExpecting(fixtures.valid.thumbprint);
    const imported = await ok<CertificateSummary>('certificates:import', upload('vault.pfx', fixtures.valid.pfx('pw'), 'pw'));
    expect(await codeOf('certificates:import', upload('again.pfx', fixtures.valid.pfx('pw'), 'pw'))).toBe('CONFLICT');
    await ok('certificates:bind', { certificateId: imported.id, scopeId: SCOPE });
    expect(await codeOf('certificates:remove', { id: imported.id })).toBe('CONFLICT');
    expect(await ok('certificates:unbind', { scopeId: SCOPE })).toEqual({ unbound: true });
    expect(await ok('certificates:remove', { id: imported.id })).toEqual({ removed: true });
    expect(await temp.app.keychain.get(passwordAccount(imported.id))).toBeNull();
    expect(await ok('certificates:list', {})).toEqual([]);
  });
});
