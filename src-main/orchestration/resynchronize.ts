// Resynchronization of machines whose replication is unhealthy: one step per machine; one failing does not
// stop the others. Which machines is the rules' `resynchronizeMembers`, the decision pre-flight shows.
import { ROOT_ID, StepTree } from '../domain/jobs/step-tree.ts';
import { resynchronizeMembers } from '../domain/rules/resynchronize.ts';
import type { OperationBuilder } from './built-operation.ts';
import { addGroups } from './plan-walk.ts';
import { requireState } from './scope.ts';

export const buildResynchronize: OperationBuilder = (_estate, _request, scope) => {
  const go = new Set(resynchronizeMembers(scope.items).map((item) => item.id));
  requireState(scope.items, (item) => go.has(item.id), (names) => `${names}: only a machine whose replication needs resynchronization can be resynchronized.`);
  const tree = new StepTree(`Resynchronize ${scope.name}`);
  addGroups(tree, ROOT_ID, scope.groups, (itemNode, item) => tree.leaf(itemNode, 'resynchronize', 'Resynchronize the replica', { itemId: item.id }), { withActions: false });
  return { tree, failurePolicy: 'continue' };
};
