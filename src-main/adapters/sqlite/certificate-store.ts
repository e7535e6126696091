// Imported certificates and their bindings to encrypted clouds (R4) in SQLite: details and DER only. The PFX
// is a file in the data directory and its password is in the OS keychain (adapters/certificates/store.ts).
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../contract/errors.ts';
import type { CertificateFormat, CertificateSummary } from '../../domain/model/certificate.ts';
import type { CertificateRepository, StoredCertificate } from '../../domain/ports/certificate-repository.ts';
import { inTransaction } from './database.ts';
import { StatementCache } from './statement-cache.ts';

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

function fromRow(row: CertificateRow): StoredCertificate {
  return {
    id: row.id,
    label: row.label,
    format: row.format as CertificateFormat,
    thumbprint: row.thumbprint,
    subject: row.subject,
    issuer: row.issuer,
    serialNumber: row.serial_number,
    notBefore: row.not_before,
    notAfter: row.not_after,
    keyUsage: JSON.parse(row.key_usage) as string[],
    hasPrivateKey: row.has_private_key === 1,
    pfxFile: row.pfx_file,
    importedAt: row.imported_at,
  };
}

export function sqliteCertificateRepository(db: DatabaseSync): CertificateRepository {
  const statements = new StatementCache(db);
  const sql = (text: string) => statements.get(text);

  function find(id: string): StoredCertificate {
    const row = sql(`SELECT ${COLUMNS} FROM certificates WHERE id = ?`).get(id) as CertificateRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no certificate "${id}".`);
    return fromRow(row);
  }

  function boundScopes(certificateId: string): string[] {
    return (sql('SELECT scope_id FROM certificate_bindings WHERE certificate_id = ? ORDER BY scope_id').all(certificateId) as { scope_id: string }[]).map(
      (row) => row.scope_id,
    );
  }

  function toSummary(stored: StoredCertificate): CertificateSummary {
    return {
      id: stored.id,
      label: stored.label,
      format: stored.format,
      thumbprint: stored.thumbprint,
      subject: stored.subject,
      issuer: stored.issuer,
      serialNumber: stored.serialNumber,
      notBefore: stored.notBefore,
      notAfter: stored.notAfter,
      keyUsage: stored.keyUsage,
      hasPrivateKey: stored.hasPrivateKey,
      importedAt: stored.importedAt,
      boundTo: boundScopes(stored.id),
    };
  }

  return {
    list() {
      return (sql(`SELECT ${COLUMNS} FROM certificates ORDER BY imported_at, id`).all() as unknown as CertificateRow[]).map((row) => toSummary(fromRow(row)));
    },
    get: (id) => toSummary(find(id)),
    find,
    insert(certificate, der) {
      inTransaction(db, () => {
        const existing = sql('SELECT id FROM certificates WHERE thumbprint = ? OR id = ?').get(certificate.thumbprint, certificate.id) as { id: string } | undefined;
        if (existing) throw new AppError('CONFLICT', `Certificate ${certificate.thumbprint} is already imported as ${existing.id}.`);
        sql(`INSERT INTO certificates (${COLUMNS}, der) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
          certificate.id,
          certificate.label,
          certificate.format,
          certificate.thumbprint,
          certificate.subject,
          certificate.issuer,
          certificate.serialNumber,
          certificate.notBefore,
          certificate.notAfter,
          JSON.stringify(certificate.keyUsage),
          certificate.hasPrivateKey ? 1 : 0,
          certificate.pfxFile,
          certificate.importedAt,
          der,
        );
      });
    },
    remove(id) {
      sql('DELETE FROM certificates WHERE id = ?').run(id);
    },
    boundScopes,
    boundCertificateId(scopeId) {
      const row = sql('SELECT certificate_id FROM certificate_bindings WHERE scope_id = ?').get(scopeId) as { certificate_id: string } | undefined;
      return row?.certificate_id ?? null;
    },
    bind(scopeId, certificateId, at) {
      sql(
        'INSERT INTO certificate_bindings (scope_id, certificate_id, bound_at) VALUES (?, ?, ?) ON CONFLICT(scope_id) DO UPDATE SET certificate_id = excluded.certificate_id, bound_at = excluded.bound_at',
      ).run(scopeId, certificateId, at.toISOString());
    },
    unbind(scopeId) {
      return sql('DELETE FROM certificate_bindings WHERE scope_id = ?').run(scopeId).changes > 0;
    },
  };
}
