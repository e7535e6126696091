import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLabEstate } from '../../domain/estate/load-estate.ts';
import { defaultResourcesDir } from '../../application/paths.ts';
import { systemClock } from '../../domain/time/clock.ts';
import { applyLabProviderCertificates, LAB_PROVIDER_CERTIFICATES_FILE } from './lab-provider-certificates.ts';

const THUMBPRINT = 'AB'.repeat(20);
let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function expected(estate: ReturnType<typeof loadLabEstate>, cloudId: string): string | undefined {
  return estate.sites.flatMap((site) => site.clouds).find((cloud) => cloud.id === cloudId)?.encryption?.expectedThumbprint;
}

describe('lab provider certificates', () => {
  it('without the lab file the estate keeps the thumbprint it ships', () => {
    dir = mkdtempSync(join(tmpdir(), 'fc-lab-'));
    const estate = applyLabProviderCertificates(loadLabEstate(defaultResourcesDir(), systemClock), dir);
    expect(expected(estate, 'vault-weu-encrypted')).toBe('3F2A9C1D7E5B4A6F8091A2B3C4D5E6F708192A3B');
  });

  it('the lab file replaces the expected thumbprint of an encrypted cloud, and only of an encrypted one', () => {
    dir = mkdtempSync(join(tmpdir(), 'fc-lab-'));
    writeFileSync(join(dir, LAB_PROVIDER_CERTIFICATES_FILE), JSON.stringify({ 'vault-weu-encrypted': THUMBPRINT, 'vault-weu': THUMBPRINT }));
    const estate = applyLabProviderCertificates(loadLabEstate(defaultResourcesDir(), systemClock), dir);
    expect(expected(estate, 'vault-weu-encrypted')).toBe(THUMBPRINT);
    expect(expected(estate, 'vault-weu')).toBeUndefined();
  });

  it('a malformed lab file is ESTATE_INVALID, not silently ignored', () => {
    dir = mkdtempSync(join(tmpdir(), 'fc-lab-'));
    writeFileSync(join(dir, LAB_PROVIDER_CERTIFICATES_FILE), JSON.stringify({ 'vault-weu-encrypted': 'lowercase-or-short' }));
    expect(() => applyLabProviderCertificates(loadLabEstate(defaultResourcesDir(), systemClock), dir!)).toThrow(expect.objectContaining({ code: 'ESTATE_INVALID' }));
  });
});
