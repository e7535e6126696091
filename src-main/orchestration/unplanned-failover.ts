// R6: optionally shut down and synchronise the latest data; when not chosen or when it fails, fail over
// from the latest (or chosen) recovery point. Errors do not stop the plan; each item's data-loss window
// is reported.
import { ROOT_ID, StepTree } from '../domain/jobs/step-tree.ts';
import type { OperationBuilder } from './built-operation.ts';
import { addGroups } from './plan-walk.ts';
import { directionOf, requireSingleItemForPoint, requireState } from './scope.ts';

export const buildUnplannedFailover: OperationBuilder = (_estate, request, scope) => {
  requireState(scope.items, (item) => item.failoverState !== 'commit-pending', (names) => `${names}: a failover is waiting for commit; commit it first (R7).`);
  requireSingleItemForPoint(request);
  const tree = new StepTree(`Unplanned failover of ${scope.name}`);
  addGroups(tree, ROOT_ID, scope.groups, (itemNode, item) => {
    const { fromSiteId, toSiteId } = directionOf(item, request);
    const context = { type: 'unplanned', fromSiteId, toSiteId };
    if (request.shutdownAndSync) {
      tree.leaf(itemNode, 'shutdown-and-sync', 'Shut down and synchronise the latest data', { itemId: item.id, optional: true });
    }
    const point = request.recoveryPointId ? { recoveryPointId: request.recoveryPointId } : request.recoveryPoint ? { pointChoice: request.recoveryPoint } : {};
    tree.leaf(itemNode, 'create-replica', 'Create the replica from a recovery point', {
      itemId: item.id,
      args: { ...context, ...point, ...(request.shutdownAndSync ? { fromStep: 'shutdown-and-sync' } : {}) },
    });
    tree.leaf(itemNode, 'start-replica', 'Start the replica', { itemId: item.id, args: context });
  });
  return { tree, failurePolicy: 'continue' };
};
