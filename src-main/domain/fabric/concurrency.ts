// One concurrency rule for the product, its tests and its benchmark. The machines of a recovery group fail
// over together, as Site Recovery runs a group, held back by two limits only:
// - the plan's `maxParallelPerGroup` (a network or a team that cannot take a whole group at once), frozen on the
//   group's parallel container when the job is created, so a resumed job keeps the limit it started with;
// - a fabric's `maxConcurrentOperations` capability: how many operations it takes at once from this console,
//   across every job, held by one gate per fabric in the fabric caller (orchestration/fabric-call.ts).
import type { RecoveryPlan } from '../model/estate.ts';
import type { StepNode } from '../jobs/job-model.ts';
import type { FabricCapabilities } from '../ports/fabric-port.ts';

/** Freezes the plan's group limit on the job's parallel containers (at creation; none set means the whole group). */
export function limitGroups(nodes: StepNode[], plan: Pick<RecoveryPlan, 'maxParallelPerGroup'> | undefined): void {
  const limit = plan?.maxParallelPerGroup;
  if (limit === undefined) return;
  for (const node of nodes) if (node.parallel) node.maxParallel = limit;
}

/** How many children of a parallel container run at once: its frozen limit, or all of them. */
export function containerParallelism(node: Pick<StepNode, 'maxParallel'>, children: number): number {
  return Math.max(1, Math.min(node.maxParallel ?? children, children));
}

/**
 * A fabric's own limit on operations at once, or undefined for none. A value that is not a whole number of
 * at least one (an adapter's mistake) sets no limit rather than stopping every failover at zero.
 */
export function fabricLimit(capabilities: Pick<FabricCapabilities, 'maxConcurrentOperations'>): number | undefined {
  const limit = capabilities.maxConcurrentOperations;
  return limit !== undefined && Number.isInteger(limit) && limit >= 1 ? limit : undefined;
}
