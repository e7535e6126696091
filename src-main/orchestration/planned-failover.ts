// R5: shut the sources down first (no data loss), synchronise, create the replicas, start them. The first
// error stops the plan; re-initiating resumes from the failed step. Also R17's failback from a secondary site.
import { ROOT_ID, StepTree } from '../domain/jobs/step-tree.ts';
import type { ProtectedItem } from '../domain/model/estate.ts';
import type { OperationRequest } from '../domain/model/operation.ts';
import { failbackPoint } from '../domain/rules/failback-point.ts';
import type { OperationBuilder } from './built-operation.ts';
import { addGroups } from './plan-walk.ts';
import { directionOf, requireState, type ResolvedScope } from './scope.ts';

export function addPlannedSteps(tree: StepTree, itemNode: string, item: ProtectedItem, request: OperationRequest, type: 'planned' | 'failback'): void {
  const { fromSiteId, toSiteId } = directionOf(item, request);
  const context = { type, fromSiteId, toSiteId };
  tree.leaf(itemNode, 'shutdown', 'Shut down the source machine', { itemId: item.id });
  const point = type === 'failback' ? failbackPoint(request) : ({ kind: 'final-sync' } as const);
  if (point.kind === 'custom') {
    // R17 with a custom point: the machine starts at home from it; the job records its data-loss window.
    tree.leaf(itemNode, 'create-replica', 'Create the replica from the chosen recovery point', { itemId: item.id, args: { ...context, recoveryPointId: point.recoveryPointId } });
  } else {
    tree.leaf(itemNode, 'sync', 'Synchronise the final changes', { itemId: item.id });
    tree.leaf(itemNode, 'create-replica', 'Create the replica', { itemId: item.id, args: { ...context, fromStep: 'sync' } });
  }
  tree.leaf(itemNode, 'start-replica', 'Start the replica', { itemId: item.id, args: context });
}

/**
 * R5 for a plan, as Site Recovery's recovery plans run it: every source machine is shut down first (no machine
 * still serves at the source while its group-mates already run at the target), then every machine is
 * synchronised and its replica created, then the groups start in order with their actions. One machine alone
 * keeps its four steps in a row.
 */
export function plannedTree(label: string, scope: ResolvedScope, request: OperationRequest, type: 'planned' | 'failback'): StepTree {
  requireState(scope.items, (item) => item.failoverState !== 'commit-pending', (names) => `${names}: a failover is waiting for commit; commit it or change its recovery point first (R7).`);
  const tree = new StepTree(label);
  if (!scope.plan) {
    addGroups(tree, ROOT_ID, scope.groups, (itemNode, item) => addPlannedSteps(tree, itemNode, item, request, type));
    return tree;
  }
  const context = (item: ProtectedItem) => {
    const { fromSiteId, toSiteId } = directionOf(item, request);
    return { type, fromSiteId, toSiteId };
  };
  const shutdown = tree.container(ROOT_ID, 'shutdown', 'phase', 'Shut down every source machine');
  addGroups(tree, shutdown, scope.groups, (itemNode, item) => tree.leaf(itemNode, 'shutdown', 'Shut down the source machine', { itemId: item.id }), { withActions: false });
  const failover = tree.container(ROOT_ID, 'failover', 'phase', 'Synchronise and create the replicas');
  addGroups(tree, failover, scope.groups, (itemNode, item) => {
    tree.leaf(itemNode, 'sync', 'Synchronise the final changes', { itemId: item.id });
    tree.leaf(itemNode, 'create-replica', 'Create the replica', { itemId: item.id, args: { ...context(item), fromStep: 'sync' } });
  }, { withActions: false });
  // The groups themselves, in order with their actions, keep the plan's own step ids (g1, g2/items/…).
  addGroups(tree, ROOT_ID, scope.groups, (itemNode, item) => tree.leaf(itemNode, 'start-replica', 'Start the replica', { itemId: item.id, args: context(item) }));
  return tree;
}

export const buildPlannedFailover: OperationBuilder = (_estate, request, scope) => ({
  tree: plannedTree(`Planned failover of ${scope.name}`, scope, request, 'planned'),
  failurePolicy: 'stop',
});
