// R6: the recovery point a failover step uses when the operator chose a kind of point rather than one point:
// resolved from the fabric's list when the step runs, by the rules' own `chosenPoint`.
import type { RecoveryPointChoice } from '../domain/model/operation.ts';
import { RECOVERY_POINT_CHOICES } from '../domain/model/operation.ts';
import { chosenPoint } from '../domain/rules/recovery-point-choice.ts';
import { FabricError, type FabricAdapter } from '../domain/ports/fabric-port.ts';

export function pointChoiceOf(value: unknown): RecoveryPointChoice | undefined {
  return (RECOVERY_POINT_CHOICES as readonly unknown[]).includes(value) ? (value as RecoveryPointChoice) : undefined;
}

/** The id of the point to use, or undefined for the fabric's latest. */
export async function resolvePointChoice(fabric: Pick<FabricAdapter, 'listRecoveryPoints'>, itemId: string, choice: RecoveryPointChoice | undefined): Promise<string | undefined> {
  if (choice !== 'latest-app-consistent') return undefined;
  const points = await fabric.listRecoveryPoints(itemId);
  const point = chosenPoint({ recoveryPoints: points } as Parameters<typeof chosenPoint>[0], { recoveryPoint: choice });
  if (!point) throw new FabricError('conflict', `${itemId} has no application-consistent recovery point.`);
  return point.id;
}
