// Where imported certificates and their bindings to encrypted clouds are kept (the SQLite adapter today). It
// holds their details only: the PFX lives in the data directory and its password in the keychain.
import type { CertificateFormat, CertificateIdentity, CertificateSummary } from '../model/certificate.ts';

/** A certificate's record, with the name of its stored PFX (null for a certificate without one). */
export interface StoredCertificate extends CertificateIdentity {
  id: string;
  label: string;
  format: CertificateFormat;
  pfxFile: string | null;
  importedAt: string;
}

export interface CertificateRepository {
  list(): CertificateSummary[];
  /** NOT_FOUND when there is no such certificate. */
  get(id: string): CertificateSummary;
  /** NOT_FOUND when there is no such certificate. */
  find(id: string): StoredCertificate;
  /**
   * Stores a new certificate (its DER beside its record). Checks and inserts in one transaction, so of two
   * simultaneous imports of one certificate the second gets CONFLICT.
   */
  insert(certificate: StoredCertificate, der: Uint8Array): void;
  remove(id: string): void;
  /** The scopes a certificate is bound to, sorted. */
  boundScopes(certificateId: string): string[];
  /** The certificate bound to a scope, or null. */
  boundCertificateId(scopeId: string): string | null;
  /** Binds (or rebinds) a scope to a certificate. */
  bind(scopeId: string, certificateId: string, at: Date): void;
  /** True when the scope had a binding. */
  unbind(scopeId: string): boolean;
}
