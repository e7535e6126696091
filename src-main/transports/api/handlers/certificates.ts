import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { AppContext } from '../../../composition/app-context.ts';
import { MAX_CERTIFICATE_BYTES, type certificatesChannels, type CertificateSource } from '../../../contract/certificates.ts';
import { AppError } from '../../../contract/errors.ts';
import type { HandlersFor } from './types.ts';

/** Files chosen in the native dialog, by token: the renderer never names a path the main process reads. */
const pickedFiles = new WeakMap<AppContext, Map<string, string>>();

function picked(app: AppContext): Map<string, string> {
  let map = pickedFiles.get(app);
  if (!map) pickedFiles.set(app, (map = new Map()));
  return map;
}

function tooLarge(size: number): AppError {
  return new AppError('CERTIFICATE_TOO_LARGE', `The file is ${(size / 1_048_576).toFixed(1)} MiB; a certificate file may be at most 1 MiB.`);
}

function readSource(app: AppContext, source: CertificateSource): { label: string; bytes: Buffer } {
  if (source.kind === 'upload') return { label: basename(source.fileName), bytes: Buffer.from(source.contentBase64, 'base64') };
  const path = picked(app).get(source.token);
  if (!path) throw new AppError('NOT_FOUND', 'The chosen file is no longer available: choose it again.');
  picked(app).delete(source.token);
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_CERTIFICATE_BYTES) throw tooLarge(size);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('NOT_FOUND', `${basename(path)} can no longer be read: choose it again.`);
  }
  return { label: basename(path), bytes };
}

export const certificatesHandlers: HandlersFor<keyof typeof certificatesChannels> = {
  'certificates:list': (_input, app) => app.certificateCatalog.list(),
  'certificates:get': (input, app) => app.certificateCatalog.get(input.id),
  'certificates:import': async (input, app) => {
    const { label, bytes } = readSource(app, input.source);
    const certificate = await app.certificateCatalog.import({ label, bytes, password: input.password }, app.clock.now());
    app.events.publish('certificates:changed', { certificateId: certificate.id });
    return certificate;
  },
  'certificates:pick-file': async (_input, app) => {
    const path = await app.filePicker.pickCertificateFile();
    if (path === null) return { file: null };
    const token = randomUUID();
    picked(app).set(token, path);
    return { file: { token, name: basename(path), sizeBytes: statSync(path).size } };
  },
  'certificates:scopes': (_input, app) => app.certificateCatalog.scopes(app.estate()),
  // Binding and unbinding are audited with the caller as actor, in the transaction of the change.
  'certificates:bind': async (input, app, context) => {
    const certificate = await app.certificateCatalog.bind(app.estate(), input, app.clock.now(), (write) =>
      app.auditTrail.record(context, write, () => ({ action: 'certificate.bound', details: { certificateId: input.certificateId, scopeId: input.scopeId } })),
    );
    app.events.publish('certificates:changed', { certificateId: certificate.id });
    return certificate;
  },
  'certificates:unbind': (input, app, context) => {
    // The same spelling of "unknown" as bind: a typo must not read as "there was no binding".
    const known = app.estate().sites.some((site) => site.id === input.scopeId || site.clouds.some((cloud) => cloud.id === input.scopeId));
    if (!known) throw new AppError('NOT_FOUND', `There is no cloud "${input.scopeId}" in the estate.`);
    const unbound = app.auditTrail.record(
      context,
      () => app.certificateCatalog.unbind(input.scopeId),
      (done) => (done ? { action: 'certificate.unbound', details: { scopeId: input.scopeId } } : null),
    );
    if (unbound) app.events.publish('certificates:changed', { certificateId: null });
    return { unbound };
  },
  'certificates:remove': async (input, app) => {
    await app.certificateCatalog.remove(input.id);
    app.events.publish('certificates:changed', { certificateId: input.id });
    return { removed: true };
  },
};
