// Imported certificates: details in SQLite, a PFX in the data directory (0600, encrypted by its own
// password), that password in the OS keychain under `certificate:<id>`. Nothing secret in the database.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../contract/errors.ts';
import type { CertificateFacts, CertificateIdentity, CertificateSummary } from '../../domain/model/certificate.ts';
import type { CertificateRepository, StoredCertificate } from '../../domain/ports/certificate-repository.ts';
import type { Keychain } from '../keychain/keychain.ts';
import type * as Parser from './parse.ts';

/**
 * The parsers (node-forge, @peculiar/x509 and its Reflect shim: ~300 files) load on the first import or R4
 * check, not with the store: listing sites or jobs never parses a certificate (docs/performance.md,
 * "CLI and web host start-up").
 */
const loadParser = (): Promise<typeof Parser> => import('./parse.ts');

export const CERTIFICATES_DIR = 'certificates';

export interface CertificateStoreDeps {
  /** The certificates' records and bindings (the SQLite adapter's certificate store). */
  certificates: CertificateRepository;
  dataDir: string;
  keychain: Keychain;
}

/** The keychain account holding a certificate's PFX password. */
export function passwordAccount(certificateId: string): string {
  return `certificate:${certificateId}`;
}

/** The certificate's own facts, as both the summary and R4's pre-flight facts carry them. */
function identityOf(stored: StoredCertificate): CertificateIdentity {
  return {
    thumbprint: stored.thumbprint,
    subject: stored.subject,
    issuer: stored.issuer,
    serialNumber: stored.serialNumber,
    notBefore: stored.notBefore,
    notAfter: stored.notAfter,
    keyUsage: stored.keyUsage,
    hasPrivateKey: stored.hasPrivateKey,
  };
}

/** Writes the PFX so that a crash leaves either no file or the whole file, readable by this user only. */
function writePrivateFile(dir: string, name: string, bytes: Buffer): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = join(dir, `.${name}.tmp`);
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, join(dir, name));
  fsyncDirectory(dir);
}

/** A rename is durable only once its directory is: without this a power loss can bring back no file. */
function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there; NTFS journals the rename
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export async function importCertificate(
  deps: CertificateStoreDeps,
  file: { label: string; bytes: Buffer; password?: string | undefined },
  now: Date,
): Promise<CertificateSummary> {
  const parsed = (await loadParser()).parseCertificateFile(file.bytes, file.password);
  const id = `cert-${parsed.thumbprint.slice(0, 12).toLowerCase()}`;
  const pfxFile = parsed.format === 'pfx' ? `${id}.pfx` : null;
  const dir = join(deps.dataDir, CERTIFICATES_DIR);

  // The row is reserved first, check and insert in one transaction: a simultaneous import of the same
  // certificate is refused here, before it can touch the file or keychain entry this import owns.
  deps.certificates.insert(
    {
      id,
      label: file.label,
      format: parsed.format,
      thumbprint: parsed.thumbprint,
      subject: parsed.subject,
      issuer: parsed.issuer,
      serialNumber: parsed.serialNumber,
      notBefore: parsed.notBefore,
      notAfter: parsed.notAfter,
      keyUsage: parsed.keyUsage,
      hasPrivateKey: parsed.hasPrivateKey,
      pfxFile,
      importedAt: now.toISOString(),
    },
    parsed.der,
  );

  // Then the keychain (without it nothing is kept: no plaintext fallback), then the PFX. On failure only
  // what this call created is undone: its row, and the file and password named after the id it reserved.
  let passwordSet = false;
  let fileWritten = false;
  try {
    if (pfxFile && file.password) {
      await deps.keychain.set(passwordAccount(id), file.password);
      passwordSet = true;
    }
    if (pfxFile) {
      writePrivateFile(dir, pfxFile, file.bytes);
      fileWritten = true;
    }
  } catch (error) {
    if (fileWritten && pfxFile) rmSync(join(dir, pfxFile), { force: true });
    if (passwordSet) await deps.keychain.delete(passwordAccount(id)).catch(() => false);
    deps.certificates.remove(id);
    throw error;
  }
  return deps.certificates.get(id);
}

export async function removeCertificate(deps: CertificateStoreDeps, id: string): Promise<void> {
  const row = deps.certificates.find(id);
  const scopes = deps.certificates.boundScopes(id);
  if (scopes.length > 0) throw new AppError('CONFLICT', `Certificate ${id} is bound to ${scopes.join(', ')}: unbind it first.`);
  // The password goes first: a certificate row without its password is harmless, a password without its row is an orphan.
  if (row.pfxFile) await deps.keychain.delete(passwordAccount(id));
  deps.certificates.remove(id);
  if (row.pfxFile) rmSync(join(deps.dataDir, CERTIFICATES_DIR, row.pfxFile), { force: true });
}

/** R4's facts about a stored certificate, opening its PFX with the keychain's password. */
export async function certificateFacts(deps: CertificateStoreDeps, id: string): Promise<CertificateFacts> {
  const stored = deps.certificates.find(id);
  const { pfxFile } = stored;
  let passwordOpens = false;
  if (pfxFile) {
    const password = await deps.keychain.get(passwordAccount(id));
    let bytes: Buffer | null;
    try {
      bytes = readFileSync(join(deps.dataDir, CERTIFICATES_DIR, pfxFile));
    } catch {
      bytes = null; // a deleted PFX cannot be opened: R4 reports it
    }
    passwordOpens = bytes !== null && (await loadParser()).pfxPasswordOpens(bytes, password);
  }
  return { ...identityOf(stored), passwordOpens };
}
