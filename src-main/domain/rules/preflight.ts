// The one pre-flight: every rule that can refuse an operation before it touches a machine, composed for
// each operation kind. The wizards, the CLI and the orchestrator all call `preflight`; no I/O here.
import type { Estate, ProtectedItem, Site } from '../model/estate.ts';
import { mayStart, type Check, type CheckSubject, type OperationRequest, type Preflight, type PreflightContext } from '../model/operation.ts';
import { adDnsChecks } from './ad-dns.ts';
import { check } from './check.ts';
import { changeRecoveryPointChecks, commitChecks, ownerOfRecoveryPoint } from './commit.ts';
import { directionChecks, type ResolvedDirection } from './direction.ts';
import { operationDirection } from './participants.ts';
import { driveLetterChecks } from './drive-letters.ts';
import { encryptedClouds, encryptionChecks } from './encryption.ts';
import { failbackPointChecks } from './failback-point.ts';
import { alternateLocationChecks, failbackKind, fromSecondaryCheck, isFailback, nothingToFailBackCheck, syncChecks } from './failback.ts';
import { plannedChecks, reachabilityCheck, supportCheck, testChecks, unplannedChecks } from './failover-type.ts';
import { ipPlanChecks, planAddresses } from './ip-plan.ts';
import { lockChecks } from './lock.ts';
import { findHost, findSite, resolveScope, type Scope } from './lookup.ts';
import { protectionAfterCheck, reverseReplicationChecks } from './protection.ts';
import { recoveryPointChoiceChecks } from './recovery-point-choice.ts';
import { replicationChecks } from './replication.ts';
import { resynchronizeChecks } from './resynchronize.ts';
import { isSingleFailover } from './support-matrix.ts';
import { assertTestNetworkKnown, DEFAULT_TEST_NETWORK, testNetworkChecks } from './test-network.ts';

/** Unknown ids in the request are NOT_FOUND errors naming them, before any rule runs. */
function validateReferences(estate: Estate, request: OperationRequest, scope: Scope): void {
  if (request.alternateHostId !== undefined) findHost(estate, request.alternateHostId);
  if (request.recoveryPointId !== undefined) ownerOfRecoveryPoint(scope.items, request.recoveryPointId);
  if (request.direction) {
    findSite(estate, request.direction.sourceSiteId);
    findSite(estate, request.direction.targetSiteId);
  }
  if (request.testNetwork) assertTestNetworkKnown(estate, request.testNetwork);
}

interface FailoverFrame {
  estate: Estate;
  request: OperationRequest;
  context: PreflightContext;
  subject: CheckSubject;
  movers: ProtectedItem[];
  direction: ResolvedDirection;
  source: Site;
  target: Site;
}

function touchesAzure(frame: FailoverFrame): Check[] {
  if (frame.source.kind !== 'azure' && frame.target.kind !== 'azure') return [];
  return encryptionChecks(encryptedClouds(frame.estate, frame.movers), frame.context.certificate, frame.context.now);
}

function addressChecks(frame: FailoverFrame): Check[] {
  const entries = planAddresses(frame.estate, frame.request, frame.movers, frame.source, frame.target);
  return ipPlanChecks(frame.estate, entries, frame.target, frame.request.operation !== 'test-failover');
}

function failoverChecks(frame: FailoverFrame, scope: Scope): Check[] {
  const { subject, movers, source, target, context } = frame;
  // R1: continuous replication has one Failover: a planned and an unplanned one are judged (and run) alike.
  const request = singleFailoverRequest(frame.direction.key, frame.request);
  const operation = request.operation;
  const checks: Check[] = [supportCheck(frame.direction, operation, subject)];
  const unreachable = reachabilityCheck(operation, target, subject);
  if (unreachable) checks.push(unreachable);
  for (const item of movers) checks.push(...replicationChecks(item, operation, context.now));
  if (operation === 'planned-failover') checks.push(...plannedChecks(movers, source, target, subject));
  if (operation === 'unplanned-failover') checks.push(...unplannedChecks(movers, source, request, context.now, subject));
  checks.push(...recoveryPointChoiceChecks(operation, request, movers, subject));
  if (operation === 'planned-failover' || operation === 'unplanned-failover') checks.push(protectionAfterCheck(operation, target, subject));
  if (operation === 'test-failover') {
    checks.push(...testChecks(subject, request.shutdownSource === true));
    checks.push(...testNetworkChecks(frame.estate, movers, target, request.testNetwork ?? DEFAULT_TEST_NETWORK, subject, request.shutdownSource === true));
    if (scope.plan) checks.push(...adDnsChecks(scope.plan, scope.items, subject));
  }
  if (request.shutdownSource === true && operation !== 'test-failover') {
    checks.push(check('R10', 'fail', subject, 'Shutting the source machines down before the test applies to a test failover only: remove the option.'));
  }
  if (request.alternateHostId !== undefined) {
    checks.push(check('R16', 'fail', subject, 'An alternate host applies only to a failback from Azure to a Hyper-V site: remove it, or run a failback.'));
  }
  checks.push(...touchesAzure(frame), ...addressChecks(frame), ...driveLetterChecks(movers));
  return checks;
}

function failbackChecks(frame: FailoverFrame, scope: Scope): Check[] {
  const { estate, request, subject, movers, source, target, context } = frame;
  const kind = failbackKind(estate, source, movers);
  if (kind === 'nothing') return [nothingToFailBackCheck(scope.items, subject)];
  if (kind === 'from-secondary') {
    // R17: the same checks as a planned failover in the reverse direction; the recovery point choice is the
    // failback's own (failback-point.ts), not a planned failover's refusal (R5).
    const { recoveryPoint: _kind, recoveryPointId: _id, ...plannedRequest } = request;
    const planned = failoverChecks({ ...frame, request: { ...plannedRequest, operation: 'planned-failover' } }, scope);
    return [fromSecondaryCheck(source, target, subject), ...planned, ...failbackPointChecks(kind, request, movers, subject, context.now)];
  }
  const checks: Check[] = [supportCheck(frame.direction, 'failback', subject)];
  checks.push(...syncChecks(movers, request, context.now, subject));
  checks.push(...failbackPointChecks(kind, request, movers, subject, context.now));
  checks.push(...alternateLocationChecks(estate, movers, source, target, request, subject));
  for (const item of movers) {
    if (item.failoverState === 'commit-pending') {
      checks.push(check('R7', 'fail', { kind: 'item', id: item.id, name: item.name }, `${item.name} is commit pending from its failover to Azure: commit it before failing back.`));
    }
  }
  checks.push(...touchesAzure(frame), ...addressChecks(frame), ...driveLetterChecks(movers));
  return checks;
}

/** R1: on a continuous-replication direction a "planned" failover is the single Failover, run as an unplanned one. */
export function singleFailoverRequest(key: ResolvedDirection['key'], request: OperationRequest): OperationRequest {
  return request.operation === 'planned-failover' && isSingleFailover(key) ? { ...request, operation: 'unplanned-failover' } : request;
}

export interface PreflightReport {
  checks: Check[];
  mayStart: boolean;
  /** The settled direction (R3), or null while it is ambiguous. */
  direction: ResolvedDirection | null;
}

/** R6: the members as the fabric sees them now, so the estimate is made from the points a failover will use. */
function withFabricPoints(estate: Estate, context: PreflightContext): Estate {
  const points = context.recoveryPoints;
  if (!points || points.size === 0) return estate;
  return { ...estate, items: estate.items.map((item) => (points.has(item.id) ? { ...item, recoveryPoints: [...(points.get(item.id) ?? [])] } : item)) };
}

function run(recorded: Estate, request: OperationRequest, context: PreflightContext): PreflightReport {
  const estate = withFabricPoints(recorded, context);
  const scope = resolveScope(estate, request.scope);
  validateReferences(estate, request, scope);
  const outcome = operationDirection(estate, scope, request);
  const checks = lockChecks(scope, context.busyItemIds);
  switch (request.operation) {
    case 'commit':
      checks.push(...commitChecks(scope.items, scope.plan ? scope.subject : null));
      break;
    case 'change-recovery-point':
      checks.push(...changeRecoveryPointChecks(scope.items, request.recoveryPointId));
      break;
    case 'reverse-replication':
      checks.push(...reverseReplicationChecks(estate, scope.items, scope.plan ? scope.subject : null));
      break;
    case 'resynchronize':
      checks.push(...resynchronizeChecks(estate, scope.items));
      break;
    default: {
      const { checks: directionResults, movers } = directionChecks(estate, scope, outcome);
      checks.push(...directionResults);
      if (!outcome.direction) {
        checks.push(...driveLetterChecks(scope.items));
        break;
      }
      const frame: FailoverFrame = {
        estate,
        request,
        context,
        subject: scope.subject,
        movers,
        direction: outcome.direction,
        source: findSite(estate, outcome.direction.sourceSiteId),
        target: findSite(estate, outcome.direction.targetSiteId),
      };
      if (movers.length === 0) {
        checks.push(check('R3', 'fail', scope.subject, `No member runs at ${frame.source.name}: there is nothing to fail over in this direction.`));
        break;
      }
      // R15: a planned failover out of Azure is a failback from Azure, with its data-synchronisation choice.
      checks.push(...(isFailback(request.operation, frame.source) ? failbackChecks(frame, scope) : failoverChecks(frame, scope)));
    }
  }
  return { checks, mayStart: mayStart(checks), direction: outcome.direction };
}

/** The pre-flight of any operation: an operation may start only when no check fails (`mayStart`). */
export const preflight: Preflight = (estate, request, context) => run(estate, request, context).checks;

/** Pre-flight with the settled direction, as `preflight:run` returns it. */
export function preflightReport(estate: Estate, request: OperationRequest, context: PreflightContext): PreflightReport {
  return run(estate, request, context);
}

export { resolveDirection } from './direction.ts';
export { networkOptions } from './test-network.ts';
export { ipPlan } from './ip-plan.ts';
export { supportMatrix } from './support-matrix.ts';
export { encryptedCloudFor, encryptedCloudForRequest } from './encryption.ts';
