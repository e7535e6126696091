import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.ts';
import { createKeyringDirectory, runKeychainInSession } from '../../test-support/keyring-session.ts';
import { createKeychain, keychainRemedy } from './keychain.ts';

// Each run uses its own service name, so parallel test files never see each other's entries.
const service = `failover-console-test-${randomBytes(4).toString('hex')}`;

describe('keychain without keytar', () => {
  const broken = createKeychain({ service, load: () => Promise.reject(new Error('Cannot find module keytar.node')) });

  it('a keytar module that fails to load is KEYCHAIN_UNAVAILABLE with the platform remedy, for every call', async () => {
    for (const call of [() => broken.set('a', 'secret'), () => broken.get('a'), () => broken.delete('a'), () => broken.has('a')]) {
      const error = await call().then(() => null, (failure: unknown) => failure);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('KEYCHAIN_UNAVAILABLE');
      expect((error as AppError).message).toContain(keychainRemedy());
    }
  });

  it('status says unavailable, why, and what to do', async () => {
    expect(await broken.status()).toMatchObject({ available: false, remedy: keychainRemedy(), reason: expect.stringContaining('keytar module could not be loaded') });
  });

  it('names a remedy for each platform', () => {
    expect(keychainRemedy('linux')).toMatch(/Secret Service \(gnome-keyring\).*unlock/);
    expect(keychainRemedy('darwin')).toMatch(/Keychain/);
    expect(keychainRemedy('win32')).toMatch(/Credential Manager/);
  });
});

// Needs the private Secret Service that npm test starts (scripts/test.sh: dbus + unlocked gnome-keyring).
describe.skipIf(!process.env.FC_KEYCHAIN_TESTS)('keychain against a real Secret Service', () => {
  const keychain = createKeychain({ service });
  const account = `conn-${randomBytes(4).toString('hex')}`;

  it('sets, gets, replaces and deletes a secret', async () => {
    expect(await keychain.status()).toMatchObject({ available: true });
    expect(await keychain.get(account)).toBeNull();
    await keychain.set(account, 'first-secret');
    expect(await keychain.get(account)).toBe('first-secret');
    expect(await keychain.has(account)).toBe(true);
    await keychain.set(account, 'second-secret');
    expect(await keychain.get(account)).toBe('second-secret');
    expect(await keychain.delete(account)).toBe(true);
    expect(await keychain.get(account)).toBeNull();
    expect(await keychain.delete(account)).toBe(false);
  });

  it('concurrent status checks (banner and list at once) do not mistake each other for a locked keyring', async () => {
    const statuses = await Promise.all([keychain.status(), keychain.status(), keychain.status(), keychain.has(`${account}-none`)]);
    expect(statuses).toEqual([{ available: true, backend: expect.any(String) }, { available: true, backend: expect.any(String) }, { available: true, backend: expect.any(String) }, false]);
  });

  it('keeps secrets apart per account', async () => {
    await keychain.set(`${account}-a`, 'alpha');
    await keychain.set(`${account}-b`, 'beta');
    expect([await keychain.get(`${account}-a`), await keychain.get(`${account}-b`)]).toEqual(['alpha', 'beta']);
    await keychain.delete(`${account}-a`);
    await keychain.delete(`${account}-b`);
  });
});

// Starts its own D-Bus sessions and gnome-keyring daemons; runs where npm test runs the keychain tests.
describe.skipIf(!process.env.FC_KEYCHAIN_TESTS)('keychain sessions', () => {
  const dirs: string[] = [];
  const directory = (): string => {
    const dir = createKeyringDirectory();
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('a secret persists across two sessions on the same keyring directory', () => {
    const dir = directory();
    expect(runKeychainInSession(dir, 'unlocked', service, ['set', 'conn-persist', 'persisted-secret'])).toEqual({ ok: true });
    expect(runKeychainInSession(dir, 'unlocked', service, ['get', 'conn-persist'])).toEqual({ ok: true, result: 'persisted-secret' });
  });

  it('a locked keyring is KEYCHAIN_UNAVAILABLE: writing, reading (not a silent "not stored") and status', () => {
    const dir = directory();
    runKeychainInSession(dir, 'unlocked', service, ['set', 'conn-locked', 'locked-secret']);
    for (const args of [['set', 'conn-locked', 'other'], ['get', 'conn-locked'], ['has', 'conn-locked'], ['delete', 'conn-locked']]) {
      expect(runKeychainInSession(dir, 'locked', service, args)).toMatchObject({ ok: false, code: 'KEYCHAIN_UNAVAILABLE' });
    }
    expect(runKeychainInSession(dir, 'locked', service, ['status'])).toMatchObject({ ok: true, result: { available: false, reason: expect.stringMatching(/locked/) } });
    // Nothing was lost: unlocked again, the secret is there.
    expect(runKeychainInSession(dir, 'unlocked', service, ['get', 'conn-locked'])).toEqual({ ok: true, result: 'locked-secret' });
  });

  it('a session without any keyring (nothing to unlock, no prompt possible) is KEYCHAIN_UNAVAILABLE', () => {
    const outcome = runKeychainInSession(directory(), 'locked', service, ['set', 'conn-none', 'secret']);
    expect(outcome).toMatchObject({ ok: false, code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining('Start a Secret Service') });
  });

  it('an absent Secret Service (no D-Bus session at all) is KEYCHAIN_UNAVAILABLE with the remedy', () => {
    const outcome = runKeychainInSession(directory(), 'no-bus', service, ['set', 'conn-nobus', 'no-bus-secret']);
    expect(outcome).toMatchObject({ ok: false, code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining('Start a Secret Service') });
    expect(JSON.stringify(outcome)).not.toContain('no-bus-secret');
  });
});
