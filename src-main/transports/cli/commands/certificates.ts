import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../../contract/errors.ts';
import { MAX_CERTIFICATE_BYTES, type CertificateSummary } from '../../../contract/certificates.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { json, table } from '../format.ts';
import { secretFromStdin } from './secrets.ts';

function details(certificate: CertificateSummary): string {
  return [
    `id           ${certificate.id}`,
    `thumbprint   ${certificate.thumbprint}`,
    `subject      ${certificate.subject}`,
    `issuer       ${certificate.issuer}`,
    `serial       ${certificate.serialNumber}`,
    `valid        ${certificate.notBefore} → ${certificate.notAfter}`,
    `key usage    ${certificate.keyUsage.join(', ') || '—'}`,
    `private key  ${certificate.hasPrivateKey ? 'yes' : 'no'}`,
    `bound to     ${certificate.boundTo.join(', ') || '—'}`,
    '',
  ].join('\n');
}

function option(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} is required`);
  return value;
}

export const certificatesCommands: CliCommand[] = [
  {
    path: ['certificates', 'list'],
    readOnly: true,
    summary: 'List imported encryption certificates and the clouds they are bound to.',
    async run(context) {
      const certificates = await context.invoke('certificates:list', {});
      context.io.out(
        context.json
          ? json(certificates)
          : table(
              ['ID', 'THUMBPRINT', 'SUBJECT', 'NOT AFTER', 'KEY', 'BOUND TO'],
              certificates.map((c) => [c.id, c.thumbprint, c.subject, c.notAfter.slice(0, 10), c.hasPrivateKey ? 'yes' : 'no', c.boundTo.join(',') || '—']),
            ),
      );
      return 0;
    },
  },
  {
    path: ['certificates', 'import'],
    summary: 'Import a .pfx/.p12 (password on stdin, kept in the keychain), .pem, .cer or .crt file.',
    usage: 'FILE [--password-stdin]',
    options: { 'password-stdin': { type: 'boolean' } },
    async run(context, values, positionals) {
      const [file] = positionals;
      if (!file || positionals.length > 1) throw new UsageError('give exactly one certificate FILE');
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new UsageError(`cannot read ${file}`);
      }
      if (size > MAX_CERTIFICATE_BYTES) throw new AppError('CERTIFICATE_TOO_LARGE', `${basename(file)} is ${(size / 1_048_576).toFixed(1)} MiB; a certificate file may be at most 1 MiB.`);
      const password = values['password-stdin'] === true ? secretFromStdin(await context.io.readStdin()) : undefined;
      const certificate = await context.invoke('certificates:import', {
        source: { kind: 'upload', fileName: basename(file), contentBase64: readFileSync(file).toString('base64') },
        ...(password !== undefined ? { password } : {}),
      });
      context.io.out(context.json ? json(certificate) : details(certificate));
      return 0;
    },
  },
  {
    path: ['certificates', 'show'],
    readOnly: true,
    summary: "Show one certificate's details.",
    usage: '--certificate ID',
    options: { certificate: { type: 'string' } },
    async run(context, values) {
      const certificate = await context.invoke('certificates:get', { id: option(values, 'certificate') });
      context.io.out(context.json ? json(certificate) : details(certificate));
      return 0;
    },
  },
  {
    path: ['certificates', 'bind'],
    summary: 'Bind a certificate to an encrypted cloud, checked as R4 will check it.',
    usage: '--certificate ID --scope CLOUD_ID',
    options: { certificate: { type: 'string' }, scope: { type: 'string' } },
    async run(context, values) {
      const certificate = await context.invoke('certificates:bind', { certificateId: option(values, 'certificate'), scopeId: option(values, 'scope') });
      context.io.out(context.json ? json(certificate) : `bound ${certificate.id} (${certificate.thumbprint}) to ${option(values, 'scope')}\n`);
      return 0;
    },
  },
  {
    path: ['certificates', 'unbind'],
    summary: "Remove an encrypted cloud's certificate binding.",
    usage: '--scope CLOUD_ID',
    options: { scope: { type: 'string' } },
    async run(context, values) {
      const { unbound } = await context.invoke('certificates:unbind', { scopeId: option(values, 'scope') });
      context.io.out(unbound ? 'unbound\n' : 'there was no binding\n');
      return 0;
    },
  },
  {
    path: ['certificates', 'remove'],
    summary: 'Remove an unbound certificate, its stored file and its password.',
    usage: '--certificate ID',
    options: { certificate: { type: 'string' } },
    async run(context, values) {
      await context.invoke('certificates:remove', { id: option(values, 'certificate') });
      context.io.out('removed\n');
      return 0;
    },
  },
  {
    path: ['certificates', 'scopes'],
    readOnly: true,
    summary: 'List the encrypted clouds that need a certificate and what is bound to them.',
    async run(context) {
      const scopes = await context.invoke('certificates:scopes', {});
      context.io.out(
        context.json
          ? json(scopes)
          : table(['CLOUD', 'SITE', 'EXPECTED THUMBPRINT', 'BOUND'], scopes.map((s) => [s.scopeId, s.siteName, s.expectedThumbprint ?? '—', s.boundCertificateId ?? '—'])),
      );
      return 0;
    },
  },
];
