import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeychain } from '../../../adapters/keychain/keychain.ts';
import { createKeychainApp, dispatch } from '../../../test-support/keychain-app.ts';
import { snapshotDatabase, type TempApp } from '../../../test-support/temp-app.ts';

let temp: TempApp | undefined;
afterEach(() => temp?.dispose());

const DRAFT = { name: 'VMM primary', kind: 'vmm', address: 'vmm01.contoso.local', userName: 'CONTOSO\\svc-asr' } as const;

async function ok<T>(channel: string, input: unknown): Promise<T> {
  const envelope = await dispatch(temp!.app, channel, input);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as T;
}

describe('connections and secrets without a keychain', () => {
  it('secrets:set answers KEYCHAIN_UNAVAILABLE with the remedy and writes nothing anywhere (no plaintext fallback)', async () => {
    temp = createKeychainApp({ keychain: createKeychain({ load: () => Promise.reject(new Error('keytar.node: cannot open shared object file')) }) });
    const connection = await ok<{ id: string }>('connections:add', DRAFT);
    const before = snapshotDatabase(temp.app);
    const files = readdirSync(temp.dataDir).sort();
    const envelope = await dispatch(temp.app, 'secrets:set', { connectionId: connection.id, secret: 'no-keychain-secret-4411' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining('Start a Secret Service (gnome-keyring) and unlock it') } });
    expect(JSON.stringify(envelope)).not.toContain('no-keychain-secret-4411');
    expect(snapshotDatabase(temp.app)).toEqual(before);
    expect(readdirSync(temp.dataDir).sort()).toEqual(files);
  });

  it('keychain:status reports unavailable with reason and remedy; the connection list still answers, secret "unknown"', async () => {
    temp = createKeychainApp({ keychain: createKeychain({ load: () => Promise.reject(new Error('no keytar')) }) });
    await ok('connections:add', DRAFT);
    expect(await ok('keychain:status', {})).toMatchObject({ available: false, reason: expect.any(String), remedy: expect.any(String) });
    expect(await ok<{ secret: string }[]>('connections:list', {})).toMatchObject([{ name: 'VMM primary', secret: 'unknown' }]);
  });

  it('refuses a duplicate connection name and an unknown site', async () => {
    temp = createKeychainApp();
    await ok('connections:add', DRAFT);
    expect(await dispatch(temp.app, 'connections:add', { ...DRAFT, name: 'vmm PRIMARY' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await dispatch(temp.app, 'connections:add', { ...DRAFT, name: 'x', siteId: 'no-such-site' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('connections:update changes the fields it is given and keeps the id', async () => {
    temp = createKeychainApp();
    const added = await ok<{ id: string }>('connections:add', { ...DRAFT, siteId: 'site-primary' });
    const updated = await ok<{ id: string; address: string; name: string; siteId: string }>('connections:update', { id: added.id, changes: { address: 'vmm02.contoso.local' } });
    expect(updated).toMatchObject({ id: added.id, address: 'vmm02.contoso.local', name: 'VMM primary', siteId: 'site-primary' });
  });
});

// Needs the private Secret Service that npm test starts (scripts/test.sh: dbus + unlocked gnome-keyring).
describe.skipIf(!process.env.FC_KEYCHAIN_TESTS)('connections and secrets with the real keychain', () => {
  it('stores, reports, replaces and deletes a secret; the reply never carries it', async () => {
    temp = createKeychainApp();
    const published: unknown[] = [];
    temp.app.events.subscribe((name, payload) => published.push([name, payload]));
    const connection = await ok<{ id: string }>('connections:add', DRAFT);
    expect(await ok('secrets:status', { connectionId: connection.id })).toEqual({ stored: false });
    const reply = await ok('secrets:set', { connectionId: connection.id, secret: 'first-secret-8812' });
    expect(reply).toEqual({ stored: true });
    expect(await temp.app.keychain.get(connection.id)).toBe('first-secret-8812');
    expect(await ok('secrets:status', { connectionId: connection.id })).toEqual({ stored: true });
    expect(await ok<{ secret: string }[]>('connections:list', {})).toMatchObject([{ id: connection.id, secret: 'stored' }]);
    await ok('secrets:set', { connectionId: connection.id, secret: 'second-secret-8812' });
    expect(await temp.app.keychain.get(connection.id)).toBe('second-secret-8812');
    expect(await ok('secrets:delete', { connectionId: connection.id })).toEqual({ deleted: true });
    expect(await ok('secrets:status', { connectionId: connection.id })).toEqual({ stored: false });
    expect(JSON.stringify(published)).not.toMatch(/secret-8812/);
  });

  it('removing a connection deletes its secret from the keychain', async () => {
    temp = createKeychainApp();
    const connection = await ok<{ id: string }>('connections:add', DRAFT);
    await ok('secrets:set', { connectionId: connection.id, secret: 'to-be-removed' });
    await ok('connections:remove', { id: connection.id });
    expect(await temp.app.keychain.get(connection.id)).toBeNull();
    expect(await ok('connections:list', {})).toEqual([]);
  });
});
