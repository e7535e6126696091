// R9: once the other site is available, replicate back: a delta after a planned failover, the initial
// replication method (full transfer) after an unplanned one. R17: also the second half of a failback.
import { ROOT_ID, StepTree } from '../jobs/step-tree.ts';
import type { OperationBuilder } from './built-operation.ts';
import { addGroups } from './plan-walk.ts';
import { requireState } from './scope.ts';

export const buildReverseReplication: OperationBuilder = (_estate, _request, scope) => {
  requireState(
    scope.items,
    (item) => item.failoverState === 'committed' && item.activeSiteId !== item.primarySiteId,
    (names) => `${names}: reverse replication follows a committed failover, from the site the machine now runs on (R9).`,
  );
  const tree = new StepTree(`Reverse replication of ${scope.name}`);
  addGroups(tree, ROOT_ID, scope.groups, (itemNode, item) => {
    const mode = item.lastFailover?.type === 'planned' ? 'delta' : 'full';
    const label = mode === 'delta' ? 'Replicate back the changes (delta)' : `Replicate back in full (${item.replication.initialMethod})`;
    tree.leaf(itemNode, 'reverse-replication', label, { itemId: item.id, args: { mode, method: item.replication.initialMethod } });
  }, { withActions: false });
  return { tree, failurePolicy: 'continue' };
};
