// Audited changes outside the job engine record the caller's principal as actor (docs/architecture.md,
// "Request context"): certificate bind/unbind (R4's bindings) and storing/deleting a connection's secret.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../application/request-context.ts';
import type { CertificateSummary } from '../../contract/certificates.ts';
import { fixedClock } from '../../domain/time/clock.ts';
import { createKeychain, type KeytarApi } from '../../adapters/keychain/keychain.ts';
import { auditRows } from '../../test-support/audit-rows.ts';
import { generateCertificateFixtures, type CertificateFixtures } from '../../test-support/certificate-fixtures.ts';
import { createKeychainApp } from '../../test-support/keychain-app.ts';
import type { TempApp } from '../../test-support/temp-app.ts';
import { dispatch } from './dispatch.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const SCOPE = 'vault-weu-encrypted';
const ALICE: RequestContext = { principal: 'alice', session: { transport: 'ipc', id: 'window-1' }, clientVersion: 'renderer/2.0.0' };
let fixtures: CertificateFixtures;
let temp: TempApp | undefined;
beforeAll(async () => {
  fixtures = await generateCertificateFixtures(NOW);
});
afterEach(() => temp?.dispose());

/** The OS keychain is a peer these tests cannot rely on: keytar's three calls over a Map, behind the real Keychain. */
function memoryKeytar(): KeytarApi {
  const entries = new Map<string, string>();
  return {
    getPassword: async (service, account) => entries.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => void entries.set(`${service}/${account}`, password),
    deletePassword: async (service, account) => entries.delete(`${service}/${account}`),
  };
}

async function ok<T>(channel: string, input: unknown, context?: RequestContext): Promise<T> {
  const envelope = await dispatch(temp!.app, channel, input, context);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as T;
}

describe('audit actor outside the job engine', () => {
  it('R4: binding and unbinding a certificate are audited with the caller as actor', async () => {
    const keychain = createKeychain({ load: async () => memoryKeytar() });
    temp = createKeychainApp({ clock: fixedClock(NOW), keychain, providerThumbprints: { [SCOPE]: fixtures.valid.thumbprint } });
    const upload = { source: { kind: 'upload', fileName: 'vault.pfx', contentBase64: fixtures.valid.pfx('pw-1').toString('base64') }, password: 'pw-1' };
    const imported = await ok<CertificateSummary>('certificates:import', upload);
    await ok('certificates:bind', { certificateId: imported.id, scopeId: SCOPE }, ALICE);
    await ok('certificates:unbind', { scopeId: SCOPE }, { ...ALICE, principal: 'bob' });
    // Unbinding what is not bound changes nothing and is not audited.
    await ok('certificates:unbind', { scopeId: SCOPE }, ALICE);
    expect(auditRows(temp.app, 'certificate.')).toEqual([
      { actor: 'alice', action: 'certificate.bound', details: { certificateId: imported.id, scopeId: SCOPE, via: 'ipc:window-1', clientVersion: 'renderer/2.0.0' } },
      { actor: 'bob', action: 'certificate.unbound', details: { scopeId: SCOPE, via: 'ipc:window-1', clientVersion: 'renderer/2.0.0' } },
    ]);
  });

  it('storing and deleting a secret are audited with the caller as actor, never with the secret', async () => {
    temp = createKeychainApp({ keychain: createKeychain({ load: async () => memoryKeytar() }) });
    const connection = await ok<{ id: string }>('connections:add', { name: 'VMM primary', kind: 'vmm', address: 'vmm01.contoso.local', userName: 'CONTOSO\\svc-asr' });
    await ok('secrets:set', { connectionId: connection.id, secret: 'audit-must-not-hold-7731' }, ALICE);
    await ok('secrets:delete', { connectionId: connection.id }, ALICE);
    await ok('secrets:delete', { connectionId: connection.id }, ALICE);
    const rows = auditRows(temp.app, 'secret.');
    expect(rows.map((row) => [row.actor, row.action, row.details.connectionId])).toEqual([
      ['alice', 'secret.stored', connection.id],
      ['alice', 'secret.deleted', connection.id],
    ]);
    expect(JSON.stringify(rows)).not.toContain('audit-must-not-hold-7731');
  });
});
