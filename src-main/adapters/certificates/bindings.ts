// Which certificate serves which encrypted cloud (R4). `factsFor` is the seam R4's pre-flight reads;
// `bindCertificate` refuses, with R4's own reasons, a certificate that pre-flight would refuse.
import type { CertificateBindings } from '../../application/services.ts';
import { AppError } from '../../contract/errors.ts';
import type { CertificateSummary, EncryptionScope } from '../../domain/model/certificate.ts';
import type { Estate } from '../../domain/model/estate.ts';
import type { CertificateRepository } from '../../domain/ports/certificate-repository.ts';
import { certificateFacts, type CertificateStoreDeps } from './store.ts';
import { certificateProblems } from './verdicts.ts';

/** Every cloud with data encryption enabled: each needs the certificate issued at provider installation. */
export function encryptionScopes(estate: Estate, certificates: CertificateRepository): EncryptionScope[] {
  return estate.sites.flatMap((site) =>
    site.clouds
      .filter((cloud) => cloud.encryption?.enabled === true)
      .map((cloud) => ({
        scopeId: cloud.id,
        name: cloud.name,
        siteId: site.id,
        siteName: site.name,
        expectedThumbprint: cloud.encryption?.expectedThumbprint ?? null,
        boundCertificateId: certificates.boundCertificateId(cloud.id),
      })),
  );
}

export function createCertificateBindings(deps: CertificateStoreDeps): CertificateBindings {
  return {
    async factsFor(scopeId) {
      const certificateId = deps.certificates.boundCertificateId(scopeId);
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
  const scope = encryptionScopes(estate, deps.certificates).find((candidate) => candidate.scopeId === request.scopeId);
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
  commit(() => deps.certificates.bind(request.scopeId, request.certificateId, now));
  return deps.certificates.get(request.certificateId);
}
