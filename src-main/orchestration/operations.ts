// Which module builds which operation, and the certificate pre-flight needs for it (R4).
import type { CertificateBindings } from '../application/services.ts';
import type { CertificateFacts } from '../domain/model/certificate.ts';
import type { FabricRegistry } from '../domain/ports/fabric-port.ts';
import type { Estate, RecoveryPoint } from '../domain/model/estate.ts';
import type { OperationKind, OperationRequest } from '../domain/model/operation.ts';
import { encryptedCloudForRequest } from '../domain/rules/encryption.ts';
import { isFailback } from '../domain/rules/failback.ts';
import { directionKey, isSingleFailover } from '../domain/rules/support-matrix.ts';
import { findSite, resolveScope as resolveMembers } from '../domain/rules/lookup.ts';
import type { OperationBuilder } from './built-operation.ts';
import { buildChangeRecoveryPoint, buildCommit } from './commit.ts';
import { buildFailback } from './failback.ts';
import { buildPlannedFailover } from './planned-failover.ts';
import { buildResynchronize } from './resynchronize.ts';
import { buildReverseReplication } from './reverse-replication.ts';
import { directionOf, type ResolvedScope } from './scope.ts';
import { buildTestFailover } from './test-failover.ts';
import { buildUnplannedFailover } from './unplanned-failover.ts';
import { otherSide } from '../domain/rules/direction.ts';

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
    case 'resynchronize':
      return buildResynchronize;
  }
}

/**
 * R15: a planned failover out of Azure runs the failback steps — the rule pre-flight judged it by. `moving` is
 * the scope without the items already on the target, so every member runs at the source.
 */
export function effectiveOperation(estate: Estate, request: OperationRequest, moving: ResolvedScope): OperationKind {
  if (moving.items.some((item) => isFailback(request.operation, findSite(estate, item.activeSiteId)))) return 'failback';
  // R1: continuous replication (VMware, physical → Azure) has a single Failover, with the unplanned steps.
  const first = moving.items[0];
  if (request.operation === 'planned-failover' && first) {
    const { fromSiteId, toSiteId } = directionOf(first, request);
    if (isSingleFailover(directionKey(findSite(estate, fromSiteId), findSite(estate, toSiteId)))) return 'unplanned-failover';
  }
  return request.operation;
}

/** R4: the certificate bound to the encrypted vault the moving members use (the one pre-flight judges), or null. */
export async function certificateFor(estate: Estate, request: OperationRequest, certificates: CertificateBindings): Promise<CertificateFacts | null> {
  const cloud = encryptedCloudForRequest(estate, request);
  return cloud ? certificates.factsFor(cloud.id) : null;
}

/**
 * R6: the recovery points the fabric holds now for the request's members, for pre-flight's data-loss estimate
 * and recovery point checks (the same points the failover will use).
 */
export async function recoveryPointsFor(estate: Estate, request: OperationRequest, fabrics: FabricRegistry): Promise<Map<string, RecoveryPoint[]>> {
  const { items } = resolveMembers(estate, request.scope);
  // The points live with the replica: on the side of the pair the machine does not run on.
  const entries = await Promise.all(items.map(async (item) => [item.id, await fabrics.forSite(otherSide(item)).listRecoveryPoints(item.id)] as const));
  return new Map(entries);
}
