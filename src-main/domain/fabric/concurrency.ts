// One concurrency rule for the product, its tests and its benchmark: the machines of a recovery group fail over
// together, as Site Recovery runs a group, up to the smallest limit anyone sets — the plan's own
// (`maxParallelPerGroup`, for a fabric or a network that cannot take a whole group at once) and each fabric's
// capability (`maxConcurrentOperations`). Nobody setting one means the whole group at once.
import type { RecoveryPlan } from '../model/estate.ts';
import type { FabricCapabilities } from '../ports/fabric-port.ts';

export function groupParallelism(plan: Pick<RecoveryPlan, 'maxParallelPerGroup'> | undefined, fabrics: readonly Pick<FabricCapabilities, 'maxConcurrentOperations'>[]): number {
  let limit = plan?.maxParallelPerGroup ?? Number.POSITIVE_INFINITY;
  for (const fabric of fabrics) if (fabric.maxConcurrentOperations !== undefined) limit = Math.min(limit, fabric.maxConcurrentOperations);
  return Math.max(1, limit);
}
