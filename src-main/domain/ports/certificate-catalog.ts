// The certificates an operator imports for encrypted clouds (R4), as the handlers use them: reading the file,
// keeping its PFX and password safe, and binding it only when R4 would accept it. The certificate adapter
// implements it over a CertificateRepository, the keychain and the data directory.
import type { CertificateSummary, EncryptionScope } from '../model/certificate.ts';
import type { Estate } from '../model/estate.ts';

export interface CertificateCatalog {
  list(): CertificateSummary[];
  /** NOT_FOUND when there is no such certificate. */
  get(id: string): CertificateSummary;
  /** Parses and stores a certificate file; a PFX's password goes to the keychain, never to the database. */
  import(file: { label: string; bytes: Uint8Array; password?: string | undefined }, now: Date): Promise<CertificateSummary>;
  /** Removes an unbound certificate with its file and password; CONFLICT while it is bound. */
  remove(id: string): Promise<void>;
  /** The estate's encrypted clouds, each with the certificate bound to it. */
  scopes(estate: Estate): EncryptionScope[];
  /**
   * Binds a certificate to an encrypted cloud after checking it as R4 will. The write runs through `commit`,
   * so a caller can commit it together with its audit entry.
   */
  bind(estate: Estate, request: { certificateId: string; scopeId: string }, now: Date, commit?: (write: () => void) => void): Promise<CertificateSummary>;
  /** True when the scope had a binding. */
  unbind(scopeId: string): boolean;
}
