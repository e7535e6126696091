import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.ts';
import { generateCertificateFixtures, truncated, twoMebibytes, type CertificateFixtures } from '../../test-support/certificate-fixtures.ts';
import { parseCertificateFile, pfxPasswordOpens } from './parse.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
let fixtures: CertificateFixtures;
beforeAll(async () => {
  fixtures = await generateCertificateFixtures(NOW);
});

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return 'no error';
}

describe('parseCertificateFile', () => {
  it('reads a password-protected PFX: subject, issuer, serial, upper-case SHA-1 thumbprint, validity, key usage, private key', () => {
    const parsed = parseCertificateFile(fixtures.valid.pfx('pfx-password'), 'pfx-password');
    expect(parsed).toMatchObject({
      format: 'pfx',
      thumbprint: fixtures.valid.thumbprint,
      subject: 'CN=vault-weu-encrypted data encryption, O=Contoso',
      issuer: 'CN=Contoso Provider CA, O=Contoso',
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      hasPrivateKey: true,
    });
    expect(parsed.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(parsed.serialNumber).toMatch(/^[0-9A-F]+$/);
    expect(Date.parse(parsed.notBefore)).toBeLessThan(NOW.getTime());
    expect(Date.parse(parsed.notAfter)).toBeGreaterThan(NOW.getTime());
  });

  it('reads a PEM certificate and a DER .cer, both without a private key', () => {
    const pem = parseCertificateFile(Buffer.from(fixtures.ca.pem));
    expect(pem).toMatchObject({ format: 'pem', thumbprint: fixtures.ca.thumbprint, hasPrivateKey: false });
    expect(pem.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(parseCertificateFile(fixtures.valid.der)).toMatchObject({ format: 'der', thumbprint: fixtures.valid.thumbprint, hasPrivateKey: false });
  });

  it('the same certificate has the same thumbprint whether it comes as PFX, PEM or DER', () => {
    const fromPfx = parseCertificateFile(fixtures.other.pfx('x'), 'x').thumbprint;
    expect(parseCertificateFile(Buffer.from(fixtures.other.pem)).thumbprint).toBe(fromPfx);
    expect(parseCertificateFile(fixtures.other.der).thumbprint).toBe(fromPfx);
  });

  it.each([
    ['a wrong PFX password', () => parseCertificateFile(fixtures.valid.pfx('right'), 'wrong'), 'CERTIFICATE_PASSWORD_WRONG'],
    ['a PFX without its password', () => parseCertificateFile(fixtures.valid.pfx('right')), 'CERTIFICATE_PASSWORD_WRONG'],
    ['a PFX whose key has no password', () => parseCertificateFile(fixtures.valid.pfx(null), 'anything'), 'CERTIFICATE_KEY_UNPROTECTED'],
    ['a password-MAC\'d PFX whose key is in a plain keyBag', () => parseCertificateFile(fixtures.valid.pfxWithPlainKey('mac-only'), 'mac-only'), 'CERTIFICATE_KEY_UNPROTECTED'],
    ['an unencrypted PEM private key', () => parseCertificateFile(Buffer.from(fixtures.valid.pem + fixtures.valid.keyPem)), 'CERTIFICATE_KEY_UNPROTECTED'],
    ['a truncated PFX', () => parseCertificateFile(truncated(fixtures.valid.pfx('pw')), 'pw'), 'CERTIFICATE_UNREADABLE'],
    ['a truncated DER certificate', () => parseCertificateFile(truncated(fixtures.valid.der)), 'CERTIFICATE_UNREADABLE'],
    ['a truncated PEM certificate', () => parseCertificateFile(Buffer.from(fixtures.valid.pem.slice(0, 300))), 'CERTIFICATE_UNREADABLE'],
    ['an empty file', () => parseCertificateFile(Buffer.alloc(0)), 'CERTIFICATE_UNREADABLE'],
    ['a 2 MiB file', () => parseCertificateFile(twoMebibytes(), 'pw'), 'CERTIFICATE_TOO_LARGE'],
  ])('refuses %s with its own code', (_name, work, code) => {
    expect(codeOf(work)).toBe(code);
  });

  it('the unprotected-key refusal tells the operator to export a password-protected PFX', () => {
    try {
      parseCertificateFile(Buffer.from(fixtures.valid.keyPem));
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).message).toMatch(/password-protected PFX/);
    }
  });

  it('never puts the password into an error message', () => {
    const password = 'correct-horse-battery-staple-7731';
    for (const attempt of [() => parseCertificateFile(fixtures.valid.pfx('other'), password), () => parseCertificateFile(truncated(fixtures.valid.pfx(password)), password)]) {
      try {
        attempt();
      } catch (error) {
        expect(JSON.stringify((error as AppError).toPayload())).not.toContain(password);
      }
    }
  });

  it('pfxPasswordOpens answers for the stored password (R4: "the stored password opens it")', () => {
    const pfx = fixtures.valid.pfx('stored');
    expect(pfxPasswordOpens(pfx, 'stored')).toBe(true);
    expect(pfxPasswordOpens(pfx, 'changed')).toBe(false);
    expect(pfxPasswordOpens(pfx, null)).toBe(false);
    expect(pfxPasswordOpens(truncated(pfx), 'stored')).toBe(false);
  });
});
