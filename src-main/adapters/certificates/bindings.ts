// Which certificate serves which encrypted cloud (R4). `factsFor` is the seam R4's pre-flight reads;
// `bindCertificate` refuses, with R4's own reasons, a certificate that pre-flight would refuse.
import type { DatabaseSync } from 'node:sqlite';
import type { CertificateBindings } from '../../application/services.ts';
import { AppError } from '../../contract/errors.ts';
import type { CertificateSummary, EncryptionScope } from '../../contract/certificates.ts';
import type { Estate } from '../../domain/model/estate.ts';
import { certificateFacts, getCertificate, type CertificateStoreDeps } from './store.ts';
import { certificateProblems } from './verdicts.ts';

function boundCertificateId(db: DatabaseSync, scopeId: string): string | null {
  const row = db.prepare('SELECT certificate_id FROM certificate_bindings WHERE scope_id = ?').get(scopeId) as { certificate_id: string } | undefined;
  return row?.certificate_id ?? null;
}

/** Every cloud with data encryption enabled: each needs the certificate issued at provider installation. */
export function encryptionScopes(estate: Estate, db: DatabaseSync): EncryptionScope[] {
  return estate.sites.flatMap((site) =>
    site.clouds
      .filter((cloud) => cloud.encryption?.enabled === true)
      .map((cloud) => ({
        scopeId: cloud.id,
        name: cloud.name,
        siteId: site.id,
        siteName: site.name,
        expectedThumbprint: cloud.encryption?.expectedThumbprint ?? null,
        boundCertificateId: boundCertificateId(db, cloud.id),
      })),
  );
}

export function createCertificateBindings(deps: CertificateStoreDeps): CertificateBindings {
  return {
    async factsFor(scopeId) {
      const certificateId = boundCertificateId(deps.db, scopeId);
      return certificateId === null ? null : certificateFacts(deps, certificateId);
    },
  };
}

export async function bindCertificate(
  deps: CertificateStoreDeps,
  estate: Estate,
  request: { certificateId: string; scopeId: string },
  now: Date,
  // The write runs through this, so a caller can commit it together with its audit entry.
  commit: (write: () => void) => void = (write) => write(),
): Promise<CertificateSummary> {
  const scope = encryptionScopes(estate, deps.db).find((candidate) => candidate.scopeId === request.scopeId);
  if (!scope) {
    const known = estate.sites.some((site) => site.id === request.scopeId || site.clouds.some((cloud) => cloud.id === request.scopeId));
    if (known) throw new AppError('OPERATION_NOT_ALLOWED', `${request.scopeId} has no data encryption enabled: failover to it needs no certificate.`);
    throw new AppError('NOT_FOUND', `There is no cloud "${request.scopeId}" in the estate.`);
  }
  const facts = await certificateFacts(deps, request.certificateId);
  // R4: the same reasons pre-flight gives, so a binding that exists would pass R4 today.
  const problems = certificateProblems(facts, { scopeName: scope.name, expectedThumbprint: scope.expectedThumbprint }, now);
  const [first] = problems;
  if (first) {
    throw new AppError(first.code, problems.map((problem) => problem.message).join(' '), { problems: problems.map((problem) => problem.code) });
  }
  commit(() => {
    deps.db
      .prepare(
        'INSERT INTO certificate_bindings (scope_id, certificate_id, bound_at) VALUES (?, ?, ?) ON CONFLICT(scope_id) DO UPDATE SET certificate_id = excluded.certificate_id, bound_at = excluded.bound_at',
      )
      .run(request.scopeId, request.certificateId, now.toISOString());
  });
  return getCertificate(deps.db, request.certificateId);
}

export function unbindScope(db: DatabaseSync, scopeId: string): boolean {
  return db.prepare('DELETE FROM certificate_bindings WHERE scope_id = ?').run(scopeId).changes > 0;
}
