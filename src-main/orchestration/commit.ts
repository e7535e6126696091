// R7: after failover items are commit pending; the operator may change the recovery point (latest by
// default) before committing; commit removes the other recovery points. Only from commit pending.
import { AppError } from '../contract/errors.ts';
import { ROOT_ID, StepTree } from '../domain/jobs/step-tree.ts';
import type { OperationBuilder } from './built-operation.ts';
import { addGroups, } from './plan-walk.ts';
import { requireState } from './scope.ts';

export const buildCommit: OperationBuilder = (_estate, _request, scope) => {
  requireState(scope.items, (item) => item.failoverState === 'commit-pending', (names) => `${names}: not commit pending; only a failover waiting for commit can be committed (R7).`);
  const tree = new StepTree(`Commit the failover of ${scope.name}`);
  addGroups(tree, ROOT_ID, scope.groups, (itemNode, item) => tree.leaf(itemNode, 'commit', 'Commit and remove the other recovery points', { itemId: item.id }), { withActions: false });
  return { tree, failurePolicy: 'continue' };
};

export const buildChangeRecoveryPoint: OperationBuilder = (_estate, request, scope) => {
  if (!('itemId' in request.scope) || !request.recoveryPointId) {
    throw new AppError('INVALID_INPUT', 'Change recovery point needs one item and the recovery point to use.');
  }
  requireState(scope.items, (item) => item.failoverState === 'commit-pending', (names) => `${names}: not commit pending; the recovery point can only be changed before commit (R7).`);
  const tree = new StepTree(`Change the recovery point of ${scope.name}`);
  addGroups(tree, ROOT_ID, scope.groups, (itemNode, item) =>
    tree.leaf(itemNode, 'change-recovery-point', `Apply recovery point ${request.recoveryPointId}`, { itemId: item.id, args: { recoveryPointId: request.recoveryPointId } }),
  { withActions: false });
  return { tree, failurePolicy: 'stop' };
};
