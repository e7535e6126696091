// Reads an imported certificate file: X.509 (PEM or DER) with @peculiar/x509, PKCS#12 with node-forge
// (the one thing @peculiar/x509 does not open). Every way a file can be wrong has its own error code.
import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../../contract/errors.ts';
import { MAX_CERTIFICATE_BYTES, type CertificateFormat, type CertificateIdentity } from '../../domain/model/certificate.ts';
import { x509 } from './x509.ts';

export interface ParsedCertificate extends CertificateIdentity {
  format: CertificateFormat;
  /** The certificate itself (DER). */
  der: Buffer;
}

const KEY_USAGE_NAMES: [number, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

const unreadable = (detail: string): AppError =>
  new AppError('CERTIFICATE_UNREADABLE', `The file is not a readable certificate (${detail}). Export it again as .pfx, .pem or .cer.`);

/** SHA-1 over the DER, upper-case hex without separators: the form the vault shows. */
export function thumbprintOf(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

function describeX509(der: Buffer, format: CertificateFormat, hasPrivateKey: boolean): ParsedCertificate {
  let certificate: InstanceType<typeof x509.X509Certificate>;
  try {
    certificate = new x509.X509Certificate(new Uint8Array(der));
  } catch {
    throw unreadable('the X.509 structure is damaged or truncated');
  }
  const usages = certificate.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  return {
    format,
    der,
    thumbprint: thumbprintOf(der),
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber.toUpperCase(),
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    keyUsage: KEY_USAGE_NAMES.filter(([flag]) => (usages & flag) !== 0).map(([, name]) => name),
    hasPrivateKey,
  };
}

function parsePem(text: string): ParsedCertificate {
  // An unencrypted key next to the certificate would be a secret on disk: refuse it: secrets live only in the OS keychain.
  if (/-----BEGIN (RSA |EC |DSA )?PRIVATE KEY-----/.test(text) && !/Proc-Type:\s*4,ENCRYPTED/.test(text)) {
    throw new AppError(
      'CERTIFICATE_KEY_UNPROTECTED',
      'The file holds an unencrypted private key. Export the certificate with its key as a password-protected PFX (.pfx/.p12) and import that.',
    );
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text)) {
    throw new AppError('CERTIFICATE_INVALID', 'A PEM file with a private key is not accepted: export the certificate with its key as a password-protected PFX (.pfx/.p12).');
  }
  const block = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(text);
  if (!block?.[1]) throw unreadable('no complete PEM CERTIFICATE block');
  return describeX509(Buffer.from(block[1].replace(/\s+/g, ''), 'base64'), 'pem', false);
}

function openPkcs12(asn1: forge.asn1.Asn1, password: string | undefined): forge.pkcs12.Pkcs12Pfx | null {
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) return null;
    throw unreadable('the PKCS#12 structure is damaged');
  }
}

function parsePkcs12(asn1: forge.asn1.Asn1, password: string | undefined): ParsedCertificate {
  // A PFX that opens without a password (none, or the empty one) keeps its key unprotected.
  if (openPkcs12(asn1, undefined) !== null || openPkcs12(asn1, '') !== null) {
    throw new AppError(
      'CERTIFICATE_KEY_UNPROTECTED',
      'This PFX is not protected by a password, so its private key is not protected. Export it again with a password and import that.',
    );
  }
  if (!password) throw new AppError('CERTIFICATE_PASSWORD_WRONG', 'This PFX is protected by a password: enter its password to import it.');
  const pfx = openPkcs12(asn1, password);
  if (pfx === null) throw new AppError('CERTIFICATE_PASSWORD_WRONG', 'The password does not open this PFX. Check the password the certificate was exported with.');
  // A password MAC protects integrity, not secrecy: a key in a plain keyBag (openssl -keypbe NONE) would be
  // written to the data directory in clear. Only password-shrouded keys are accepted.
  if (pfx.safeContents.some((contents) => contents.safeBags.some((bag) => bag.type === forge.pki.oids.keyBag))) {
    throw new AppError(
      'CERTIFICATE_KEY_UNPROTECTED',
      'This PFX holds its private key unencrypted (only its integrity is password-protected). Export it again with the key encrypted by a password (a password-protected PFX) and import that.',
    );
  }
  const certBags = pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag ?? ''] ?? [];
  const keyBags = pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag ?? ''] ?? [];
  const certificates = certBags.filter((bag) => bag.asn1 !== undefined || bag.cert !== undefined);
  if (certificates.length === 0) throw unreadable('the PFX holds no certificate');
  // The certificate that goes with the key: for RSA the one whose modulus matches; else the first.
  const key = keyBags.find((bag) => bag.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  const matching = key
    ? certificates.find((bag) => (bag.cert?.publicKey as forge.pki.rsa.PublicKey | undefined)?.n?.equals(key.n))
    : undefined;
  const chosen = matching ?? certificates[0];
  const certAsn1 = chosen?.cert ? forge.pki.certificateToAsn1(chosen.cert) : chosen?.asn1;
  if (!certAsn1) throw unreadable('the PFX certificate cannot be read');
  const der = Buffer.from(forge.asn1.toDer(certAsn1).getBytes(), 'binary');
  return describeX509(der, 'pfx', keyBags.length > 0 && (key === undefined || matching !== undefined));
}

/** Parses an imported file; `password` is used only in memory to open a PFX. */
export function parseCertificateFile(bytes: Buffer, password?: string): ParsedCertificate {
  if (bytes.length > MAX_CERTIFICATE_BYTES) {
    throw new AppError('CERTIFICATE_TOO_LARGE', `The file is ${(bytes.length / 1_048_576).toFixed(1)} MiB; a certificate file may be at most 1 MiB.`);
  }
  if (bytes.length === 0) throw unreadable('the file is empty');
  const head = bytes.subarray(0, Math.min(bytes.length, 4096)).toString('latin1');
  if (head.includes('-----BEGIN')) return parsePem(bytes.toString('utf8'));

  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')), true);
  } catch {
    throw unreadable('it is truncated or not DER');
  }
  // PFX ::= SEQUENCE { version INTEGER, authSafe ContentInfo, … }; Certificate ::= SEQUENCE { tbs SEQUENCE, … }.
  const first = Array.isArray(asn1.value) ? asn1.value[0] : undefined;
  if (first?.type === forge.asn1.Type.INTEGER) return parsePkcs12(asn1, password);
  return describeX509(bytes, 'der', false);
}

/** Whether `password` opens a stored PFX (R4: "the stored password opens it"). */
export function pfxPasswordOpens(bytes: Buffer, password: string | null): boolean {
  if (password === null || password.length === 0) return false;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')), true);
    return openPkcs12(asn1, password) !== null;
  } catch {
    return false;
  }
}
