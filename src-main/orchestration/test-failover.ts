// R10 / R11 / R18: test machines in the chosen network, with no impact on replication or production; the
// job waits at "Complete testing"; cleanup removes application machines first, then AD/DNS, then networks.
import { ROOT_ID, StepTree } from '../domain/jobs/step-tree.ts';
import type { ProtectedItem } from '../domain/model/estate.ts';
import type { OperationBuilder } from './built-operation.ts';
import { addGroups } from './plan-walk.ts';
import { directionOf, requireSingleItemForPoint } from './scope.ts';

export const CREATE_NETWORK_STEP = 'prepare/create-test-network';

function isInfrastructure(item: ProtectedItem): boolean {
  return item.roles.includes('ad') || item.roles.includes('dns');
}

export const buildTestFailover: OperationBuilder = (_estate, request, scope) => {
  requireSingleItemForPoint(request);
  const tree = new StepTree(`Test failover of ${scope.name}`);
  const network = request.testNetwork ?? { option: 'none' as const };
  const first = scope.items[0];
  const targetSiteId = first ? directionOf(first, request).toSiteId : (scope.plan?.targetSiteId ?? '');
  if (network.option === 'create') {
    const prepare = tree.container(ROOT_ID, 'prepare', 'phase', 'Prepare the test network');
    tree.leaf(prepare, 'create-test-network', `Create a test network from "${network.logicalNetwork}"`, { args: { siteId: targetSiteId, logicalNetwork: network.logicalNetwork } });
  }
  const networkArgs = network.option === 'existing' ? { networkId: network.networkId } : network.option === 'create' ? { networkFrom: CREATE_NETWORK_STEP } : { networkId: null };
  const failover = tree.container(ROOT_ID, 'failover', 'phase', 'Create and start test machines');
  addGroups(tree, failover, scope.groups, (itemNode, item) => {
    // R10: on a network not isolated from production the operator may shut the source down before its copy starts.
    if (request.shutdownSource === true) tree.leaf(itemNode, 'shutdown', 'Shut down the source machine', { itemId: item.id });
    tree.leaf(itemNode, 'create-test-machine', 'Create the test machine', { itemId: item.id, args: { ...networkArgs, ...(request.recoveryPointId ? { recoveryPointId: request.recoveryPointId } : request.recoveryPoint ? { pointChoice: request.recoveryPoint } : {}) } });
    tree.leaf(itemNode, 'start-test-machine', 'Start the test machine', { itemId: item.id });
  });
  tree.gate(ROOT_ID, 'complete-test', 'complete-test', 'Complete testing');

  // R18: cleanup in reverse group order, application machines before AD/DNS.
  const cleanup = tree.container(ROOT_ID, 'cleanup', 'phase', 'Clean up the test environment');
  const reversed = [...scope.groups].reverse();
  const applications = reversed.map((group) => ({ ...group, items: group.items.filter((item) => !isInfrastructure(item)) }));
  const infrastructure = reversed.map((group) => ({ ...group, items: group.items.filter(isInfrastructure) }));
  const deleteMachine = (itemNode: string, item: ProtectedItem) => tree.leaf(itemNode, 'delete-test-machine', 'Delete the test machine', { itemId: item.id });
  if (applications.some((group) => group.items.length > 0)) {
    addGroups(tree, tree.container(cleanup, 'applications', 'phase', 'Application machines'), applications, deleteMachine, { withActions: false });
  }
  if (infrastructure.some((group) => group.items.length > 0)) {
    addGroups(tree, tree.container(cleanup, 'infrastructure', 'phase', 'AD and DNS machines'), infrastructure, deleteMachine, { withActions: false });
  }
  if (network.option === 'create') tree.leaf(cleanup, 'delete-test-network', 'Delete the test network', { args: { networkFrom: CREATE_NETWORK_STEP } });
  // A test has no impact on production: one machine failing does not stop the others (nor the cleanup).
  return { tree, failurePolicy: 'continue' };
};
