import { z } from 'zod';
import { OpaqueId } from '../domain/model/opaque-id.ts';
import { MAX_CERTIFICATE_BYTES, type CertificateSummary, type EncryptionScope } from '../domain/model/certificate.ts';
import { channel, event, returns } from './define.ts';

// The certificate records are the domain's (the stores and the certificate adapter speak them too); the wire
// carries them as they are.
export { CERTIFICATE_FORMATS, MAX_CERTIFICATE_BYTES, type CertificateFormat, type CertificateSummary, type EncryptionScope } from '../domain/model/certificate.ts';

const id = OpaqueId;

/**
 * The schema admits base64 up to 2× the limit so that an oversized file gets the precise
 * CERTIFICATE_TOO_LARGE from the handler; beyond that the input itself is refused.
 */
const MAX_BASE64_CHARS = Math.ceil((MAX_CERTIFICATE_BYTES * 2 * 4) / 3) + 4;

export const CertificateSource = z.discriminatedUnion('kind', [
  /** The web host and the CLI: the file's bytes. */
  z.strictObject({ kind: z.literal('upload'), fileName: z.string().min(1).max(255), contentBase64: z.string().max(MAX_BASE64_CHARS) }),
  /** The desktop app: a file chosen in the native dialog, by the token certificates:pick-file returned. */
  z.strictObject({ kind: z.literal('picked'), token: id }),
]);
export type CertificateSource = z.infer<typeof CertificateSource>;

export const certificatesChannels = {
  'certificates:list': channel({
    input: z.strictObject({}),
    output: returns<CertificateSummary[]>(),
    summary: 'Every imported certificate with its details and bindings.',
  }),
  'certificates:get': channel({
    input: z.strictObject({ id }),
    output: returns<CertificateSummary>(),
    summary: "One certificate's details.",
  }),
  'certificates:import': channel({
    input: z.strictObject({ source: CertificateSource, password: z.string().max(1_024).optional() }),
    output: returns<CertificateSummary>(),
    summary: 'Imports a .pfx/.p12 (with its password, kept in the keychain), .pem, .cer or .crt certificate.',
  }),
  'certificates:pick-file': channel({
    input: z.strictObject({}),
    output: returns<{ file: { token: string; name: string; sizeBytes: number } | null }>(),
    summary: 'Desktop only: the native open dialog; the chosen file is imported by its token.',
  }),
  'certificates:scopes': channel({
    input: z.strictObject({}),
    output: returns<EncryptionScope[]>(),
    summary: 'The encrypted clouds that need a certificate, with their bound certificate.',
  }),
  'certificates:bind': channel({
    input: z.strictObject({ certificateId: id, scopeId: id }),
    output: returns<CertificateSummary>(),
    summary: 'Binds a certificate to an encrypted cloud after checking it as R4 will.',
  }),
  'certificates:unbind': channel({
    input: z.strictObject({ scopeId: id }),
    output: returns<{ unbound: boolean }>(),
    summary: "Removes an encrypted cloud's certificate binding.",
  }),
  'certificates:remove': channel({
    input: z.strictObject({ id }),
    output: returns<{ removed: true }>(),
    summary: 'Removes an unbound certificate, its stored file and its password.',
  }),
};

export const certificatesEvents = {
  'certificates:changed': event({ payload: returns<{ certificateId: string | null }>(), summary: 'A certificate or binding changed.' }),
};
