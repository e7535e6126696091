// What R4's pre-flight needs to know about the certificate bound to an encrypted cloud. Produced by the
// certificate store (keychain issue) from the real file; the rules take it as plain data.
export interface CertificateIdentity {
  /** SHA-1 thumbprint, upper-case hex without separators, as the vault shows it. */
  thumbprint: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  keyUsage: string[];
  hasPrivateKey: boolean;
}

export interface CertificateFacts extends CertificateIdentity {
  /** Whether the password held in the keychain opens the stored PFX. */
  passwordOpens: boolean;
}

/** Largest certificate file accepted (a PFX is a few KiB; 1 MiB bounds bad input). */
export const MAX_CERTIFICATE_BYTES = 1024 * 1024;

export const CERTIFICATE_FORMATS = ['pfx', 'pem', 'der'] as const;
export type CertificateFormat = (typeof CERTIFICATE_FORMATS)[number];

/** An imported certificate as the console keeps it (never its PFX or password), with where it is bound. */
export interface CertificateSummary extends CertificateIdentity {
  id: string;
  /** The file name it was imported from. */
  label: string;
  format: CertificateFormat;
  importedAt: string;
  /** Scopes (encrypted clouds) this certificate is bound to. */
  boundTo: string[];
}

/** An encrypted cloud that needs a certificate for failover to it (R4). */
export interface EncryptionScope {
  scopeId: string;
  name: string;
  siteId: string;
  siteName: string;
  expectedThumbprint: string | null;
  boundCertificateId: string | null;
}
