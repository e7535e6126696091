// Lab only. In a real vault the expected thumbprint is the certificate the provider installation issued;
// the lab estate ships a fixed one that no generated certificate can match. A drill (or the e2e test)
// "installs the provider" by writing <data-dir>/lab-provider-certificates.json: { "<cloud id>": "<SHA-1>" },
// which replaces that cloud's expected thumbprint. Documented in docs/decisions.md.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { OpaqueId } from '../../domain/model/opaque-id.ts';
import { AppError } from '../../contract/errors.ts';
import type { Estate } from '../../domain/model/estate.ts';

export const LAB_PROVIDER_CERTIFICATES_FILE = 'lab-provider-certificates.json';

const LabProviderCertificates = z.record(OpaqueId, z.string().regex(/^[0-9A-F]{40}$/));

export function applyLabProviderCertificates(estate: Estate, dataDir: string): Estate {
  const file = join(dataDir, LAB_PROVIDER_CERTIFICATES_FILE);
  if (!existsSync(file)) return estate;
  let parsed: z.infer<typeof LabProviderCertificates>;
  try {
    parsed = LabProviderCertificates.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new AppError('ESTATE_INVALID', `${file} must map cloud ids to upper-case SHA-1 thumbprints.`);
  }
  for (const site of estate.sites) {
    for (const cloud of site.clouds) {
      const thumbprint = parsed[cloud.id];
      if (thumbprint && cloud.encryption?.enabled) cloud.encryption.expectedThumbprint = thumbprint;
    }
  }
  return estate;
}
