// The operations an operator can ask for, and what pre-flight answers. Shared by the rules (R1–R19, docs/rules.md),
// the orchestrator, the contract, the CLI and the wizards, so all of them mean the same request.
import { z } from 'zod';
import { OpaqueId } from './opaque-id.ts';
import type { CertificateFacts } from './certificate.ts';
import type { Estate, RecoveryPoint } from './estate.ts';

export const OPERATION_KINDS = [
  'test-failover',
  'planned-failover',
  'unplanned-failover',
  'commit',
  'change-recovery-point',
  'reverse-replication',
  /** Failback from Azure (R15), optionally to an alternate location (R16). From a secondary site it is a planned failover back (R17). */
  'failback',
  /** Resynchronize a machine whose replication is unhealthy or resynchronizing (as Site Recovery and Hyper-V Replica offer it). */
  'resynchronize',
] as const;
export const OperationKind = z.enum(OPERATION_KINDS);
export type OperationKind = z.infer<typeof OperationKind>;

const id = OpaqueId;

export const OperationScope = z.union([z.strictObject({ planId: id }), z.strictObject({ itemId: id })]);
export type OperationScope = z.infer<typeof OperationScope>;

/** R11: how test machines are connected. `existing` names a VM network or an Azure virtual network. */
export const TestNetworkChoice = z.discriminatedUnion('option', [
  z.strictObject({ option: z.literal('none') }),
  z.strictObject({ option: z.literal('existing'), networkId: id }),
  z.strictObject({ option: z.literal('create'), logicalNetwork: z.string().min(1).max(120) }),
]);
export type TestNetworkChoice = z.infer<typeof TestNetworkChoice>;

/** R6/R7: the kind of recovery point a test or unplanned failover or a failback uses (a custom point is `recoveryPointId`). */
export const RECOVERY_POINT_CHOICES = ['latest', 'latest-processed', 'latest-app-consistent'] as const;
export const RecoveryPointChoice = z.enum(RECOVERY_POINT_CHOICES);
export type RecoveryPointChoice = z.infer<typeof RecoveryPointChoice>;

export const OperationRequest = z.strictObject({
  operation: OperationKind,
  scope: OperationScope,
  /** R3: required when members are active on both sides; otherwise derived and shown for information. */
  direction: z.strictObject({ sourceSiteId: id, targetSiteId: id }).optional(),
  testNetwork: TestNetworkChoice.optional(),
  /** Change recovery point (R7) or the custom point a test or unplanned failover or a failback of one machine uses; latest by default. */
  recoveryPointId: id.optional(),
  /** Which kind of point a test or unplanned failover or a failback (rules/failback-point.ts) uses (latest by default); never a planned failover's (R5). */
  recoveryPoint: RecoveryPointChoice.optional(),
  /** R10: a test failover into a network not isolated from production shuts the source machines down first. */
  shutdownSource: z.boolean().optional(),
  /** R6: try to shut the sources down and synchronise the latest data first. */
  shutdownAndSync: z.boolean().optional(),
  /** R15: failback from Azure data synchronisation. */
  sync: z.enum(['before', 'during']).optional(),
  /** R16: failback to an alternate location. */
  alternateHostId: id.optional(),
  createVmIfMissing: z.boolean().optional(),
});
export type OperationRequest = z.infer<typeof OperationRequest>;

export const RULE_IDS = [
  'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10',
  'R11', 'R12', 'R13', 'R14', 'R15', 'R16', 'R17', 'R18', 'R19',
] as const;
/** `LOCK`: one operation at a time per item (not a reference rule, a console rule). `INPUT`: unknown plan, item, network… */
export type CheckRuleId = (typeof RULE_IDS)[number] | 'LOCK' | 'INPUT';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckSubject {
  kind: 'plan' | 'item' | 'nic' | 'network' | 'certificate' | 'site' | 'host' | 'job';
  id: string;
  name: string;
}

/** One pre-flight verdict: an on-call engineer reads `message` and knows what to do. */
export interface Check {
  ruleId: CheckRuleId;
  status: CheckStatus;
  subject: CheckSubject;
  message: string;
}

/** An operation may start only when no check fails. */
export function mayStart(checks: readonly Check[]): boolean {
  return checks.every((check) => check.status !== 'fail');
}

/** What pre-flight needs besides the estate and the request; gathered by the caller (handler, orchestrator). */
export interface PreflightContext {
  now: Date;
  /** The certificate bound to the encrypted cloud the operation touches (R4), or null. */
  certificate: CertificateFacts | null;
  /** Items already taking part in an unfinished job (LOCK). */
  busyItemIds: ReadonlySet<string>;
  /**
   * R6: the recovery points the fabric holds now for the members, by item id (replication keeps producing them,
   * a lag or a source outage holds them back). Absent: the points recorded in the estate.
   */
  recoveryPoints?: ReadonlyMap<string, readonly RecoveryPoint[]>;
}

/** The one pre-flight entry point (implemented in src-main/domain/rules/preflight.ts). */
export type Preflight = (estate: Estate, request: OperationRequest, context: PreflightContext) => Check[];
