// Which module builds which operation, and the certificate pre-flight needs for it (R4).
import type { CertificateBindings } from '../../app/services.ts';
import type { CertificateFacts } from '../model/certificate.ts';
import type { Estate } from '../model/estate.ts';
import type { OperationKind, OperationRequest } from '../model/operation.ts';
import { encryptedCloudForRequest } from '../rules/encryption.ts';
import type { OperationBuilder } from './built-operation.ts';
import { buildChangeRecoveryPoint, buildCommit } from './commit.ts';
import { buildFailback } from './failback.ts';
import { buildPlannedFailover } from './planned-failover.ts';
import { buildReverseReplication } from './reverse-replication.ts';
import type { ResolvedScope } from './scope.ts';
import { buildTestFailover } from './test-failover.ts';
import { buildUnplannedFailover } from './unplanned-failover.ts';

export function builderFor(operation: OperationKind, now: Date): OperationBuilder {
  switch (operation) {
    case 'test-failover':
      return buildTestFailover;
    case 'planned-failover':
      return buildPlannedFailover;
    case 'unplanned-failover':
      return buildUnplannedFailover;
    case 'commit':
      return buildCommit;
    case 'change-recovery-point':
      return buildChangeRecoveryPoint;
    case 'reverse-replication':
      return buildReverseReplication;
    case 'failback':
      return buildFailback(now);
  }
}

/** The reference fails back from Azure with a planned failover: such a request runs the failback steps (R15). */
export function effectiveOperation(estate: Estate, request: OperationRequest, scope: ResolvedScope): OperationKind {
  if (request.operation !== 'planned-failover') return request.operation;
  const azure = new Set(estate.sites.filter((site) => site.kind === 'azure').map((site) => site.id));
  return scope.items.some((item) => azure.has(item.activeSiteId)) ? 'failback' : request.operation;
}

/** R4: the certificate bound to the encrypted vault the moving members use (the one pre-flight judges), or null. */
export async function certificateFor(estate: Estate, request: OperationRequest, certificates: CertificateBindings): Promise<CertificateFacts | null> {
  const cloud = encryptedCloudForRequest(estate, request);
  return cloud ? certificates.factsFor(cloud.id) : null;
}
