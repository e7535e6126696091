// One spelling per thing on the command line: what a listing prints (`networks options` prints
// `existing:ID`) is what every command accepts back, and an operation is named by the same words everywhere.
import { OPERATION_KINDS, RECOVERY_POINT_CHOICES, type OperationKind, type OperationRequest, type RecoveryPointChoice, type TestNetworkChoice } from '../../domain/model/operation.ts';
import { UsageError } from './command.ts';

/** The words `failover --type` takes, and the command names, as the operations they stand for. */
const OPERATION_WORDS: Record<string, OperationKind> = {
  test: 'test-failover',
  planned: 'planned-failover',
  unplanned: 'unplanned-failover',
  'reverse-replicate': 'reverse-replication',
};

export const OPERATION_SPELLINGS = `test, planned, unplanned, ${OPERATION_KINDS.join(', ')}`;

export function parseOperation(raw: string): OperationKind {
  const operation = OPERATION_WORDS[raw] ?? ((OPERATION_KINDS as readonly string[]).includes(raw) ? (raw as OperationKind) : undefined);
  if (!operation) throw new UsageError(`unknown operation "${raw}" (one of ${OPERATION_SPELLINGS})`);
  return operation;
}

/** none, existing:NETWORK-ID (as `networks options` prints it) or create:LOGICAL-NETWORK: the one spelling everywhere. */
export function parseNetwork(raw: string | undefined): TestNetworkChoice | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'none') return { option: 'none' };
  const [option, ...rest] = raw.split(':');
  const value = rest.join(':');
  if (option === 'existing' && value) return { option: 'existing', networkId: value };
  if (option === 'create' && value) return { option: 'create', logicalNetwork: value };
  const hint = rest.length === 0 ? ` (as \`networks options\` prints it: existing:${raw})` : '';
  throw new UsageError(`--network "${raw}" must read none, existing:NETWORK-ID or create:LOGICAL-NETWORK${hint}`);
}

export function describeNetwork(choice: TestNetworkChoice): string {
  return choice.option === 'none' ? 'none' : choice.option === 'existing' ? `existing:${choice.networkId}` : `create:${choice.logicalNetwork}`;
}

export function parseDirection(raw: string | undefined): OperationRequest['direction'] {
  if (raw === undefined) return undefined;
  const [sourceSiteId, targetSiteId, extra] = raw.split(':');
  if (!sourceSiteId || !targetSiteId || extra !== undefined) throw new UsageError(`--direction "${raw}" must read SOURCE-SITE:TARGET-SITE`);
  return { sourceSiteId, targetSiteId };
}

/** --recovery-point latest|latest-processed|latest-app-consistent (a kind of point) or the id of one point. */
export function applyRecoveryPoint(request: OperationRequest, raw: string | undefined): void {
  if (raw === undefined) return;
  if ((RECOVERY_POINT_CHOICES as readonly string[]).includes(raw)) request.recoveryPoint = raw as RecoveryPointChoice;
  else request.recoveryPointId = raw;
}
