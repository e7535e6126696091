// R9: once the other site is available, replicate back: a delta after a planned failover, the initial
// replication method (full transfer) after an unplanned one. R17: also the second half of a failback.
// Which members go and in which mode is the rules' `reverseReplicationVerdict`, the one pre-flight shows.
import { ROOT_ID, StepTree } from '../domain/jobs/step-tree.ts';
import { reverseReplicationVerdict } from '../domain/rules/protection.ts';
import type { OperationBuilder } from './built-operation.ts';
import { addGroups } from './plan-walk.ts';
import { requireState } from './scope.ts';

export const buildReverseReplication: OperationBuilder = (estate, _request, scope) => {
  const verdicts = new Map(scope.items.map((item) => [item.id, reverseReplicationVerdict(estate, item)]));
  requireState(
    scope.items,
    (item) => verdicts.get(item.id)?.status === 'go',
    (names) => `${names}: reverse replication follows a committed failover, from the site the machine now runs on (R8, R9).`,
  );
  const tree = new StepTree(`Reverse replication of ${scope.name}`);
  addGroups(tree, ROOT_ID, scope.groups, (itemNode, item) => {
    const verdict = verdicts.get(item.id);
    const mode = verdict?.status === 'go' ? verdict.mode : 'full';
    const label = mode === 'delta' ? 'Replicate back the changes (delta)' : `Replicate back in full (${item.replication.initialMethod})`;
    tree.leaf(itemNode, 'reverse-replication', label, { itemId: item.id, args: { mode, method: item.replication.initialMethod } });
  }, { withActions: false });
  return { tree, failurePolicy: 'continue' };
};
