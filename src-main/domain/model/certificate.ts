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
