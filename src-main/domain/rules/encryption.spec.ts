import { describe, expect, it } from 'vitest';
import { certificate, failures, lab, NOW, run, withRule } from './fixture.ts';
import { encryptedCloudFor, encryptionChecks } from './encryption.ts';

const toAzure = { operation: 'planned-failover', scope: { planId: 'plan-finance-ready' } } as const;

describe('R4 encryption certificate', () => {
  it('R4: failover to an Azure vault with data encryption on needs the certificate', () => {
    const checks = run(lab(), toAzure);
    const [refusal] = withRule(checks, 'R4', 'fail');
    expect(refusal?.subject.kind).toBe('certificate');
    expect(refusal?.message).toMatch(/select the certificate issued when the provider was installed \(thumbprint 3F2A9C1D/);
  });

  it('R4: the right certificate, valid now, with its key and an opening password passes', () => {
    const checks = run(lab(), toAzure, { certificate: certificate() });
    expect(withRule(checks, 'R4', 'pass')).toHaveLength(4);
    expect(failures(checks)).toEqual([]);
  });

  it('R4: a certificate with another thumbprint is refused', () => {
    const checks = run(lab(), toAzure, { certificate: certificate({ thumbprint: 'AB'.repeat(20) }) });
    expect(withRule(checks, 'R4', 'fail').map((c) => c.message)).toEqual([expect.stringMatching(/is not the one .* was encrypted with/)]);
  });

  it('R4: a thumbprint written with separators and lower case still matches', () => {
    const spaced = '3f:2a:9c:1d:7e:5b:4a:6f:80:91:a2:b3:c4:d5:e6:f7:08:19:2a:3b';
    expect(withRule(run(lab(), toAzure, { certificate: certificate({ thumbprint: spaced }) }), 'R4', 'fail')).toEqual([]);
  });

  it('R4: an expired certificate is refused', () => {
    const checks = run(lab(), toAzure, { certificate: certificate({ notAfter: '2026-11-28T00:00:00.000Z' }) });
    expect(withRule(checks, 'R4', 'fail').map((c) => c.message)).toEqual([expect.stringMatching(/expired on 2026-11-28/)]);
  });

  it('R4: a certificate not yet valid is refused', () => {
    const checks = run(lab(), toAzure, { certificate: certificate({ notBefore: '2026-12-01T00:00:00.000Z' }) });
    expect(withRule(checks, 'R4', 'fail').map((c) => c.message)).toEqual([expect.stringMatching(/not valid before 2026-12-01/)]);
  });

  it('R4: a certificate without its private key is refused', () => {
    const checks = run(lab(), toAzure, { certificate: certificate({ hasPrivateKey: false }) });
    expect(withRule(checks, 'R4', 'fail').map((c) => c.message)).toEqual([expect.stringMatching(/no private key/)]);
  });

  it('R4: a certificate whose stored password does not open it is refused', () => {
    const checks = run(lab(), toAzure, { certificate: certificate({ passwordOpens: false }) });
    expect(withRule(checks, 'R4', 'fail').map((c) => c.message)).toEqual([expect.stringMatching(/password .* does not open/)]);
  });

  it('R4: every fault of one certificate is its own failing check', () => {
    const bad = certificate({ thumbprint: 'AB'.repeat(20), notAfter: '2020-01-01T00:00:00.000Z', hasPrivateKey: false, passwordOpens: false });
    expect(withRule(run(lab(), toAzure, { certificate: bad }), 'R4', 'fail')).toHaveLength(4);
  });

  it('R4: a failback from an encrypted Azure vault needs the certificate too', () => {
    const estate = lab();
    const item = estate.items.find((i) => i.id === 'fin-db01');
    Object.assign(item ?? {}, { activeSiteId: 'site-azure', failoverState: 'committed', replication: { ...item?.replication, state: 'not-protected' } });
    const checks = run(estate, { operation: 'failback', scope: { itemId: 'fin-db01' }, sync: 'during' });
    expect(withRule(checks, 'R4', 'fail')).toHaveLength(1);
  });

  it('R4: an Azure vault without encryption asks for no certificate', () => {
    const estate = lab();
    const checks = run(estate, { operation: 'test-failover', scope: { planId: 'plan-branch' } });
    expect(withRule(checks, 'R4')).toEqual([]);
    expect(encryptedCloudFor(estate, estate.items.filter((i) => i.id === 'br-dc01'))).toBeNull();
  });

  it('R4: a vault recording no expected thumbprint asks the operator to confirm (warn)', () => {
    const checks = encryptionChecks([{ id: 'v', name: 'Vault', encryption: { enabled: true } }], certificate(), NOW);
    expect(checks.map((c) => c.status)).toEqual(['warn', 'pass', 'pass', 'pass']);
  });
});
