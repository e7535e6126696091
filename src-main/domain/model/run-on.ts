// Which operations a plan action runs in when its `runOn` names none (docs/decisions.md, "Plan actions say which
// operations they run in"). Pure, so the plan editor shows the engine's default rather than its own.
import type { PlanAction } from './estate.ts';
import { OPERATION_KINDS, type OperationKind } from './operation.ts';

/** Manual actions run everywhere (R18 AD/DNS preparation is wanted in a drill); scripts everywhere but a test failover (R10). */
export function defaultRunOn(action: Pick<PlanAction, 'kind'>): readonly OperationKind[] {
  return action.kind === 'script' ? OPERATION_KINDS.filter((kind) => kind !== 'test-failover') : OPERATION_KINDS;
}
