// Certificate fixtures generated at test time: a CA and certificates it issued, as PFX, PEM and
// DER, with the flaws R4 and the importer must each name. Keys come from WebCrypto, certificates from
// @peculiar/x509, PKCS#12 from node-forge (nothing else writes PFX). `as never`: Node's WebCrypto keys are
// the DOM's in all but their TypeScript declaration (this file is also checked with the DOM library for e2e).
import { randomBytes, webcrypto } from 'node:crypto';
import forge from 'node-forge';
import { thumbprintOf } from '../adapters/certificates/parse.ts';
import { x509 } from '../adapters/certificates/x509.ts';

type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const DAY = 86_400_000;

interface Issued {
  certificate: InstanceType<typeof x509.X509Certificate>;
  keys: CryptoKeyPair;
}

export interface GeneratedCertificate {
  thumbprint: string;
  der: Buffer;
  pem: string;
  /** PKCS#8 PEM of the private key, unencrypted (the fixture the importer must refuse). */
  keyPem: string;
  pfx(password: string | null): Buffer;
  /** A PFX whose MAC needs `password` but whose key sits in a plain keyBag (`openssl -keypbe NONE -certpbe NONE`). */
  pfxWithPlainKey(password: string): Buffer;
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function serial(): string {
  return `01${randomBytes(8).toString('hex')}`;
}

async function describe(generated: Issued, chain: Issued[]): Promise<GeneratedCertificate> {
  const der = Buffer.from(generated.certificate.rawData);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', generated.keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  return {
    thumbprint: thumbprintOf(der),
    der,
    pem: generated.certificate.toString('pem'),
    keyPem,
    pfx(password) {
      const key = forge.pki.privateKeyFromPem(keyPem);
      const certificates = [generated, ...chain].map((entry) => forge.pki.certificateFromPem(entry.certificate.toString('pem')));
      const asn1 = forge.pkcs12.toPkcs12Asn1(key, certificates, password, { algorithm: '3des', friendlyName: 'failover-console fixture' });
      return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
    },
    pfxWithPlainKey(password) {
      const key = forge.pki.privateKeyFromPem(keyPem);
      const certificate = forge.pki.certificateFromPem(generated.certificate.toString('pem'));
      // Without a password forge writes a plain keyBag and no MAC; the MAC is then added by hand.
      const pfx = forge.pkcs12.toPkcs12Asn1(key, [certificate], null, { useMac: false });
      return Buffer.from(forge.asn1.toDer(withPasswordMac(pfx, password)).getBytes(), 'binary');
    },
  };
}

/** Appends PKCS#12 MacData (HMAC-SHA1 over the AuthenticatedSafe, key derived from `password`) to a PFX. */
function withPasswordMac(pfx: forge.asn1.Asn1, password: string): forge.asn1.Asn1 {
  const { asn1 } = forge;
  const authSafe = (pfx.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1;
  const explicit = (authSafe.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1;
  const safeDer = ((explicit.value as forge.asn1.Asn1[])[0] as forge.asn1.Asn1).value as string;
  const salt = forge.util.createBuffer(forge.random.getBytesSync(8));
  const count = 2048;
  const hmac = forge.hmac.create();
  hmac.start('sha1', forge.pkcs12.generateKey(password, salt, 3, count, 20));
  hmac.update(safeDer);
  const macData = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(forge.pki.oids.sha1 ?? '1.3.14.3.2.26').getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
      ]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, hmac.digest().getBytes()),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, salt.getBytes()),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(count).getBytes()),
  ]);
  (pfx.value as forge.asn1.Asn1[]).push(macData);
  return pfx;
}

export interface CertificateFixtures {
  now: Date;
  ca: GeneratedCertificate;
  valid: GeneratedCertificate;
  expired: GeneratedCertificate;
  notYetValid: GeneratedCertificate;
  /** Valid and with its key, but not the certificate the vault expects. */
  other: GeneratedCertificate;
}

/** Everything is dated around `now`, so the tests' injected clock decides what is expired. */
export async function generateCertificateFixtures(now: Date): Promise<CertificateFixtures> {
  const caKeys = await generateKeys();
  const caName = 'CN=Contoso Provider CA, O=Contoso';
  const caCertificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: caName,
    notBefore: new Date(now.getTime() - 365 * DAY),
    notAfter: new Date(now.getTime() + 3650 * DAY),
    signingAlgorithm: ALGORITHM,
    keys: caKeys as never,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const ca: Issued = { certificate: caCertificate, keys: caKeys };

  const issue = async (commonName: string, fromDays: number, toDays: number): Promise<GeneratedCertificate> => {
    const keys = await generateKeys();
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${commonName}, O=Contoso`,
      issuer: caName,
      notBefore: new Date(now.getTime() + fromDays * DAY),
      notAfter: new Date(now.getTime() + toDays * DAY),
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey as never,
      signingKey: caKeys.privateKey as never,
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true)],
    });
    return describe({ certificate, keys }, [ca]);
  };

  return {
    now,
    ca: await describe(ca, []),
    valid: await issue('vault-weu-encrypted data encryption', -30, 365),
    expired: await issue('expired data encryption', -400, -1),
    notYetValid: await issue('future data encryption', 10, 400),
    other: await issue('another vault data encryption', -30, 365),
  };
}

/** The first half of a file: what an interrupted copy leaves. */
export function truncated(bytes: Buffer): Buffer {
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

/** A file of 2 MiB that starts like a PFX. */
export function twoMebibytes(): Buffer {
  const bytes = Buffer.alloc(2 * 1024 * 1024, 0x41);
  bytes[0] = 0x30;
  return bytes;
}
