// R4: failover to (or failback from) Azure with data encryption on for the cloud needs the certificate issued
// at provider installation; a wrong, expired, not-yet-valid or key-less one is refused before anything starts.
import type { CertificateFacts } from '../model/certificate.ts';
import type { Cloud, Estate, ProtectedItem } from '../model/estate.ts';
import type { Check, CheckSubject, OperationRequest } from '../model/operation.ts';
import { check } from './check.ts';
import { directionChecks, resolveDirectionFor } from './direction.ts';
import { resolveScope } from './lookup.ts';

/** The encrypted Azure clouds the moving members use. */
export function encryptedClouds(estate: Estate, items: readonly ProtectedItem[]): Cloud[] {
  const clouds = new Map<string, Cloud>();
  for (const item of items) {
    for (const site of estate.sites) {
      if (site.kind !== 'azure') continue;
      const cloud = site.clouds.find((c) => c.id === item.recoveryCloudId);
      if (cloud?.encryption?.enabled) clouds.set(cloud.id, cloud);
    }
  }
  return [...clouds.values()];
}

/** The cloud whose certificate the caller must gather into the pre-flight context (the first one; one vault per plan in practice). */
export function encryptedCloudFor(estate: Estate, items: readonly ProtectedItem[]): Cloud | null {
  return encryptedClouds(estate, items)[0] ?? null;
}

/**
 * The encrypted vault whose certificate a request's pre-flight needs: that of the members that move (all members
 * while the direction is ambiguous). The `preflight:run` handler and the job engine both gather it from here.
 */
export function encryptedCloudForRequest(estate: Estate, request: Pick<OperationRequest, 'scope' | 'direction'>): Cloud | null {
  const scope = resolveScope(estate, request.scope);
  const { movers } = directionChecks(estate, scope, resolveDirectionFor(estate, scope, request.direction));
  return encryptedCloudFor(estate, movers.length > 0 ? movers : scope.items);
}

const normalise = (thumbprint: string): string => thumbprint.replace(/[^0-9a-f]/gi, '').toUpperCase();

export function encryptionChecks(clouds: readonly Cloud[], certificate: CertificateFacts | null, now: Date): Check[] {
  const checks: Check[] = [];
  for (const cloud of clouds) {
    const subject: CheckSubject = { kind: 'certificate', id: cloud.id, name: `Encryption certificate of ${cloud.name}` };
    const expected = cloud.encryption?.expectedThumbprint;
    if (!certificate) {
      checks.push(check('R4', 'fail', subject, `Data encryption is on for ${cloud.name}: select the certificate issued when the provider was installed${expected ? ` (thumbprint ${expected})` : ''} before failing over.`));
      continue;
    }
    if (!expected) {
      checks.push(check('R4', 'warn', subject, `${cloud.name} records no expected thumbprint: confirm ${certificate.thumbprint} is the certificate issued at provider installation.`));
    } else if (normalise(certificate.thumbprint) !== normalise(expected)) {
      checks.push(check('R4', 'fail', subject, `The selected certificate (${certificate.thumbprint}) is not the one ${cloud.name} was encrypted with (${expected}): select the certificate issued at provider installation.`));
    } else {
      checks.push(check('R4', 'pass', subject, `The certificate's thumbprint matches the one ${cloud.name} expects.`));
    }
    const notBefore = Date.parse(certificate.notBefore);
    const notAfter = Date.parse(certificate.notAfter);
    if (Number.isNaN(notAfter) || notAfter < now.getTime()) {
      checks.push(check('R4', 'fail', subject, `The certificate expired on ${certificate.notAfter}: import the current certificate issued for ${cloud.name}.`));
    } else if (Number.isNaN(notBefore) || notBefore > now.getTime()) {
      checks.push(check('R4', 'fail', subject, `The certificate is not valid before ${certificate.notBefore}: check the console's clock or select the certificate in use now.`));
    } else {
      checks.push(check('R4', 'pass', subject, `The certificate is valid until ${certificate.notAfter}.`));
    }
    checks.push(
      certificate.hasPrivateKey
        ? check('R4', 'pass', subject, 'The certificate comes with its private key.')
        : check('R4', 'fail', subject, 'The certificate has no private key: import the PFX file (with its key) that was exported at provider installation.'),
    );
    checks.push(
      certificate.passwordOpens
        ? check('R4', 'pass', subject, 'The password held in the keychain opens the certificate file.')
        : check('R4', 'fail', subject, "The password held in the keychain does not open the certificate file: enter the PFX password again."),
    );
  }
  return checks;
}
