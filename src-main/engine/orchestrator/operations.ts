// Which module builds which operation, and the certificate pre-flight needs for it (R4).
import type { CertificateBindings } from '../../app/services.ts';
import type { CertificateFacts } from '../model/certificate.ts';
import type { Estate } from '../model/estate.ts';
import type { OperationKind, OperationRequest } from '../model/operation.ts';
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

/** The certificate bound to the first encrypted cloud the scope's machines use, or null (R4). */
export async function certificateFor(estate: Estate, scope: ResolvedScope, certificates: CertificateBindings): Promise<CertificateFacts | null> {
  const clouds = new Map(estate.sites.flatMap((site) => site.clouds.map((cloud) => [cloud.id, cloud] as const)));
  for (const item of scope.items) {
    for (const cloudId of [item.cloudId, item.recoveryCloudId]) {
      if (cloudId && clouds.get(cloudId)?.encryption?.enabled) return certificates.factsFor(cloudId);
    }
  }
  return null;
}
