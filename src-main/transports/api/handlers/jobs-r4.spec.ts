// R4 end to end through the contract: the job engine gathers the certificate bound to the encrypted vault from
// the keychain-backed certificate store, exactly as `preflight:run` does. Needs the private Secret Service of
// `npm test` (the PFX password lives in the keychain).
import { beforeAll, afterEach, describe, expect, it } from 'vitest';
import type { CertificateSummary } from '../../../contract/certificates.ts';
import type { Job } from '../../../domain/jobs/job-model.ts';
import { fixedClock } from '../../../domain/time/clock.ts';
import { generateCertificateFixtures, type CertificateFixtures } from '../../../test-support/certificate-fixtures.ts';
import { createKeychainApp, dispatch } from '../../../test-support/keychain-app.ts';
import type { TempApp } from '../../../test-support/temp-app.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const VAULT = 'vault-weu-encrypted';
const TEST_FAILOVER = { operation: 'test-failover', scope: { planId: 'plan-finance-ready' }, testNetwork: { option: 'existing', networkId: 'vnet-test' } };
let fixtures: CertificateFixtures;
let temp: TempApp | undefined;
beforeAll(async () => {
  fixtures = await generateCertificateFixtures(NOW);
});
afterEach(() => temp?.dispose());

describe.skipIf(!process.env.FC_KEYCHAIN_TESTS)('jobs:start and the encryption certificate', () => {
  it('R4: a test failover of plan-finance-ready is refused without the bound certificate and starts with it', async () => {
    temp = createKeychainApp({ clock: fixedClock(NOW), providerThumbprints: { [VAULT]: fixtures.valid.thumbprint } });
    temp.app.lab.control.setSettings({ timeScale: 0 });

    const refused = await dispatch(temp.app, 'jobs:start', TEST_FAILOVER);
    expect(refused).toMatchObject({ ok: false, error: { code: 'PREFLIGHT_FAILED', message: expect.stringMatching(/select the certificate issued/) } });
    expect(temp.app.jobs.list()).toEqual([]);
    expect(temp.app.lab.ops()).toEqual([]);

    const source = { kind: 'upload', fileName: 'vault.pfx', contentBase64: fixtures.valid.pfx('vault-pw-r4').toString('base64') };
    const imported = await dispatch(temp.app, 'certificates:import', { source, password: 'vault-pw-r4' });
    if (!imported.ok) throw new Error(imported.error.message);
    const bound = await dispatch(temp.app, 'certificates:bind', { certificateId: (imported.result as CertificateSummary).id, scopeId: VAULT });
    expect(bound.ok).toBe(true);

    const started = await dispatch(temp.app, 'jobs:start', TEST_FAILOVER);
    if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
    const job = started.result as Job;
    await temp.app.jobs.settledJob(job.id);
    expect(temp.app.jobs.get(job.id)).toMatchObject({ status: 'waiting-for-operator', phase: 'complete-test' });
    expect(temp.app.lab.ops().filter((op) => op.operation === 'create-test-machine').map((op) => op.itemId).sort()).toEqual(['fin-db01', 'fin-web01']);
  });

  it('R4: the refusal carries the failed R4 check naming the vault in its details, and nothing else fails', async () => {
    temp = createKeychainApp({ clock: fixedClock(NOW), providerThumbprints: { [VAULT]: fixtures.valid.thumbprint } });
    const refused = await dispatch(temp.app, 'jobs:start', TEST_FAILOVER);
    if (refused.ok) throw new Error('expected a refusal');
    expect(refused.error.details).toEqual([expect.objectContaining({ ruleId: 'R4', status: 'fail', subject: expect.objectContaining({ id: VAULT }) })]);
  });
});
