// Imported certificates: details in SQLite, a PFX in the data directory (0600, encrypted by its own
// password), that password in the OS keychain under `certificate:<id>`. Nothing secret in the database.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../contract/errors.ts';
import type { CertificateFormat, CertificateSummary } from '../../contract/certificates.ts';
import type { CertificateFacts, CertificateIdentity } from '../../domain/model/certificate.ts';
import type { Keychain } from '../keychain/keychain.ts';
import { inTransaction } from '../sqlite/database.ts';
import { parseCertificateFile, pfxPasswordOpens } from './parse.ts';

export const CERTIFICATES_DIR = 'certificates';

export interface CertificateStoreDeps {
  db: DatabaseSync;
  dataDir: string;
  keychain: Keychain;
}

interface CertificateRow {
  id: string;
  label: string;
  format: string;
  thumbprint: string;
  subject: string;
  issuer: string;
  serial_number: string;
  not_before: string;
  not_after: string;
  key_usage: string;
  has_private_key: number;
  pfx_file: string | null;
  imported_at: string;
}

const COLUMNS = 'id, label, format, thumbprint, subject, issuer, serial_number, not_before, not_after, key_usage, has_private_key, pfx_file, imported_at';

/** The keychain account holding a certificate's PFX password. */
export function passwordAccount(certificateId: string): string {
  return `certificate:${certificateId}`;
}

function boundScopes(db: DatabaseSync, certificateId: string): string[] {
  return (db.prepare('SELECT scope_id FROM certificate_bindings WHERE certificate_id = ? ORDER BY scope_id').all(certificateId) as { scope_id: string }[]).map(
    (row) => row.scope_id,
  );
}

/** The certificate's own facts, as both the summary and R4's pre-flight facts carry them. */
function toIdentity(row: CertificateRow): CertificateIdentity {
  return {
    thumbprint: row.thumbprint,
    subject: row.subject,
    issuer: row.issuer,
    serialNumber: row.serial_number,
    notBefore: row.not_before,
    notAfter: row.not_after,
    keyUsage: JSON.parse(row.key_usage) as string[],
    hasPrivateKey: row.has_private_key === 1,
  };
}

function toSummary(db: DatabaseSync, row: CertificateRow): CertificateSummary {
  return {
    id: row.id,
    label: row.label,
    format: row.format as CertificateFormat,
    ...toIdentity(row),
    importedAt: row.imported_at,
    boundTo: boundScopes(db, row.id),
  };
}

function findRow(db: DatabaseSync, id: string): CertificateRow {
  const row = db.prepare(`SELECT ${COLUMNS} FROM certificates WHERE id = ?`).get(id) as CertificateRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `There is no certificate "${id}".`);
  return row;
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

export function listCertificates(db: DatabaseSync): CertificateSummary[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM certificates ORDER BY imported_at, id`).all() as unknown as CertificateRow[]).map((row) => toSummary(db, row));
}

export function getCertificate(db: DatabaseSync, id: string): CertificateSummary {
  return toSummary(db, findRow(db, id));
}

export async function importCertificate(
  deps: CertificateStoreDeps,
  file: { label: string; bytes: Buffer; password?: string | undefined },
  now: Date,
): Promise<CertificateSummary> {
  const parsed = parseCertificateFile(file.bytes, file.password);
  const id = `cert-${parsed.thumbprint.slice(0, 12).toLowerCase()}`;
  const pfxFile = parsed.format === 'pfx' ? `${id}.pfx` : null;
  const dir = join(deps.dataDir, CERTIFICATES_DIR);

  // The row is reserved first, check and insert in one transaction: a simultaneous import of the same
  // certificate is refused here, before it can touch the file or keychain entry this import owns.
  inTransaction(deps.db, () => {
    const existing = deps.db.prepare('SELECT id FROM certificates WHERE thumbprint = ? OR id = ?').get(parsed.thumbprint, id) as { id: string } | undefined;
    if (existing) throw new AppError('CONFLICT', `Certificate ${parsed.thumbprint} is already imported as ${existing.id}.`);
    deps.db
      .prepare(`INSERT INTO certificates (${COLUMNS}, der) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        id,
        file.label,
        parsed.format,
        parsed.thumbprint,
        parsed.subject,
        parsed.issuer,
        parsed.serialNumber,
        parsed.notBefore,
        parsed.notAfter,
        JSON.stringify(parsed.keyUsage),
        parsed.hasPrivateKey ? 1 : 0,
        pfxFile,
        now.toISOString(),
        parsed.der,
      );
  });

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
    deps.db.prepare('DELETE FROM certificates WHERE id = ?').run(id);
    throw error;
  }
  return getCertificate(deps.db, id);
}

export async function removeCertificate(deps: CertificateStoreDeps, id: string): Promise<void> {
  const row = findRow(deps.db, id);
  const scopes = boundScopes(deps.db, id);
  if (scopes.length > 0) throw new AppError('CONFLICT', `Certificate ${id} is bound to ${scopes.join(', ')}: unbind it first.`);
  // The password goes first: a certificate row without its password is harmless, a password without its row is an orphan.
  if (row.pfx_file) await deps.keychain.delete(passwordAccount(id));
  deps.db.prepare('DELETE FROM certificates WHERE id = ?').run(id);
  if (row.pfx_file) rmSync(join(deps.dataDir, CERTIFICATES_DIR, row.pfx_file), { force: true });
}

/** R4's facts about a stored certificate, opening its PFX with the keychain's password. */
export async function certificateFacts(deps: CertificateStoreDeps, id: string): Promise<CertificateFacts> {
  const row = findRow(deps.db, id);
  let passwordOpens = false;
  if (row.pfx_file) {
    const password = await deps.keychain.get(passwordAccount(id));
    let bytes: Buffer | null;
    try {
      bytes = readFileSync(join(deps.dataDir, CERTIFICATES_DIR, row.pfx_file));
    } catch {
      bytes = null; // a deleted PFX cannot be opened: R4 reports it
    }
    passwordOpens = bytes !== null && pfxPasswordOpens(bytes, password);
  }
  return { ...toIdentity(row), passwordOpens };
}
