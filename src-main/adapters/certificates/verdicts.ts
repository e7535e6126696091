// What R4 will say about a certificate for an encrypted cloud, as plain data: the bind channel refuses
// with the first problem's code, so an operator learns at binding time what pre-flight would refuse.
import type { ErrorCode } from '../../contract/errors.ts';
import type { CertificateFacts } from '../../domain/model/certificate.ts';

export interface CertificateProblem {
  code: ErrorCode;
  message: string;
}

export interface CertificateExpectation {
  scopeName: string;
  /** The thumbprint issued at provider installation, when the estate knows it. */
  expectedThumbprint: string | null;
}

/** Every reason the certificate cannot serve the scope now, each with its own code; empty when it can. */
export function certificateProblems(facts: CertificateFacts, expectation: CertificateExpectation, now: Date): CertificateProblem[] {
  const problems: CertificateProblem[] = [];
  if (expectation.expectedThumbprint !== null && facts.thumbprint !== expectation.expectedThumbprint) {
    problems.push({
      code: 'CERTIFICATE_THUMBPRINT_MISMATCH',
      message: `Certificate ${facts.thumbprint} is not the one issued for ${expectation.scopeName} at provider installation (${expectation.expectedThumbprint}).`,
    });
  }
  if (now.getTime() < Date.parse(facts.notBefore)) {
    problems.push({ code: 'CERTIFICATE_NOT_YET_VALID', message: `Certificate ${facts.thumbprint} is not valid before ${facts.notBefore}.` });
  }
  if (now.getTime() > Date.parse(facts.notAfter)) {
    problems.push({ code: 'CERTIFICATE_EXPIRED', message: `Certificate ${facts.thumbprint} expired on ${facts.notAfter}.` });
  }
  if (!facts.hasPrivateKey) {
    problems.push({
      code: 'CERTIFICATE_NO_PRIVATE_KEY',
      message: `Certificate ${facts.thumbprint} has no private key: import the PFX exported with its key.`,
    });
  } else if (!facts.passwordOpens) {
    problems.push({
      code: 'CERTIFICATE_PASSWORD_WRONG',
      message: `The password in the keychain does not open the stored PFX of certificate ${facts.thumbprint}: import it again with its password.`,
    });
  }
  return problems;
}
