// What a recovery point choice means in a failback ("Failback from secondary to primary", step 5: the last
// recovery point by default, another one in Change Recovery Point). A failback shuts the machines down and
// synchronises their last changes before they start at home (R5 for a secondary site, R15's final phase from
// Azure, before or during), so that final synchronisation is at once the latest point, the latest processed
// one and an application-consistent one (taken after a clean shutdown): each kind of point means it, and no
// data is lost. Only one custom point of one machine changes anything: from a secondary site the machine
// starts at home from that point instead (the final synchronisation is skipped, later changes are lost); in
// Azure a machine keeps no recovery points of its own (R8: it does not replicate there), so one is refused.
import type { ProtectedItem } from '../model/estate.ts';
import type { Check, CheckSubject, OperationRequest } from '../model/operation.ts';
import { age, check, itemSubject } from './check.ts';
import { CHOICE_WORDS } from './recovery-point-choice.ts';

export type FailbackFrom = 'from-azure' | 'from-secondary';

/** The point a failback starts the machines from: their final synchronisation, or one custom point. */
export type FailbackPoint = { kind: 'final-sync' } | { kind: 'custom'; recoveryPointId: string };

/** The one reading of the request that pre-flight and the failback builder share. */
export function failbackPoint(request: Pick<OperationRequest, 'recoveryPointId'>): FailbackPoint {
  return request.recoveryPointId ? { kind: 'custom', recoveryPointId: request.recoveryPointId } : { kind: 'final-sync' };
}

export const AZURE_CUSTOM_POINT_REFUSAL =
  'A machine running in Azure keeps no recovery points there (R8: it does not replicate): the failback carries the data it has now, synchronised after it shuts down (R15). Remove the custom recovery point; choose a kind of point or none.';

/** R15/R17: what the choice means for these machines, or why it cannot be honoured. */
export function failbackPointChecks(from: FailbackFrom, request: OperationRequest, movers: readonly ProtectedItem[], subject: CheckSubject, now: Date): Check[] {
  if (request.recoveryPointId === undefined && request.recoveryPoint === undefined) return [];
  const rule = from === 'from-azure' ? 'R15' : 'R17';
  if (request.recoveryPointId !== undefined && request.recoveryPoint !== undefined) {
    return [check('INPUT', 'fail', subject, 'Choose either a kind of recovery point (latest, latest processed, latest app-consistent) or one custom point, not both.')];
  }
  const point = failbackPoint(request);
  if (point.kind === 'final-sync') {
    const words = request.recoveryPoint ? CHOICE_WORDS[request.recoveryPoint] : CHOICE_WORDS.latest;
    return [
      check(rule, 'pass', subject, `The failback shuts the machines down and synchronises their last changes before they start at home: that final synchronisation is ${words} (taken after a clean shutdown), so no data is lost.`),
    ];
  }
  if (from === 'from-azure') return [check('R15', 'fail', subject, AZURE_CUSTOM_POINT_REFUSAL)];
  if (!('itemId' in request.scope)) {
    return [check('INPUT', 'fail', subject, 'A recovery point belongs to one machine: fail back that machine alone to use a custom point, or choose a kind of point for the plan.')];
  }
  return movers.flatMap((item) => {
    const chosen = item.recoveryPoints.find((candidate) => candidate.id === point.recoveryPointId);
    if (!chosen) return [];
    const lost = age(now.getTime() - Date.parse(chosen.time));
    return [
      check('R17', 'warn', itemSubject(item), `${item.name} is shut down and starts at home from the chosen recovery point of ${chosen.time} (${chosen.consistency}-consistent) instead of its final synchronisation: the changes of the last ${lost} are lost.`),
    ];
  });
}
