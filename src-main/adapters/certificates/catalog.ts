// The certificate catalog the handlers reach through AppContext: the store's parsing, files and keychain work,
// and R4's binding check, over the certificate repository composition hands in.
import type { CertificateCatalog } from '../../domain/ports/certificate-catalog.ts';
import { bindCertificate, encryptionScopes } from './bindings.ts';
import { importCertificate, removeCertificate, type CertificateStoreDeps } from './store.ts';

export function createCertificateCatalog(deps: CertificateStoreDeps): CertificateCatalog {
  return {
    list: () => deps.certificates.list(),
    get: (id) => deps.certificates.get(id),
    // The parsers take a Buffer; a view over the same bytes, not a copy.
    import: (file, now) => importCertificate(deps, { ...file, bytes: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) }, now),
    remove: (id) => removeCertificate(deps, id),
    scopes: (estate) => encryptionScopes(estate, deps.certificates),
    bind: (estate, request, now, commit) => bindCertificate(deps, estate, request, now, commit),
    unbind: (scopeId) => deps.certificates.unbind(scopeId),
  };
}
