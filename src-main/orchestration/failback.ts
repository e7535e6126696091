// Failback. From Azure (R15): synchronise "before" the failover (snapshot copy while running, then the job
// waits for Complete Failover: shut down, final delta, start) or "during" it only (shut down, changed blocks
// by checksum, start); optionally to an alternate location, creating the VM on the chosen host (R16).
// From a secondary site it is a planned failover back (R17); reverse replication follows as its own job.
import { AppError } from '../contract/errors.ts';
import { ROOT_ID, StepTree } from '../domain/jobs/step-tree.ts';
import type { Estate, ProtectedItem } from '../domain/model/estate.ts';
import type { OperationRequest } from '../domain/model/operation.ts';
import type { OperationBuilder } from './built-operation.ts';
import { recommendedSync } from '../domain/rules/failback.ts';
import { AZURE_CUSTOM_POINT_REFUSAL, failbackPoint } from '../domain/rules/failback-point.ts';
import { addGroups } from './plan-walk.ts';
import { plannedTree } from './planned-failover.ts';
import { directionOf, requireSingleItemForPoint, requireState } from './scope.ts';


export function buildFailback(now: Date): OperationBuilder {
  return (estate: Estate, request: OperationRequest, scope) => {
    const siteKind = (siteId: string) => estate.sites.find((site) => site.id === siteId)?.kind;
    const fromAzure = scope.items.some((item) => siteKind(item.activeSiteId) === 'azure');
    if (!fromAzure) {
      if (request.alternateHostId) throw new AppError('OPERATION_NOT_ALLOWED', 'Failback to an alternate location is only for a Hyper-V site and Azure (R16).');
      requireSingleItemForPoint(request);
      return { tree: plannedTree(`Failback of ${scope.name} (planned failover back, R17)`, scope, request, 'failback'), failurePolicy: 'stop' };
    }
    requireState(scope.items, (item) => siteKind(item.activeSiteId) === 'azure' && item.failoverState !== 'commit-pending', (names) => `${names}: not running in Azure with a committed failover.`);
    // R15: each kind of point means the final synchronisation below; a custom point has nothing to name in Azure.
    if (failbackPoint(request).kind === 'custom') throw new AppError('OPERATION_NOT_ALLOWED', AZURE_CUSTOM_POINT_REFUSAL);
    // R15: without a choice, the rules' recommendation — the very option pre-flight's warning announced.
    const sync = request.sync ?? recommendedSync(scope.items, now, request.alternateHostId !== undefined).sync;
    const tree = new StepTree(`Failback of ${scope.name} from Azure (synchronise ${sync === 'before' ? 'before the failover' : 'during failover only'})`);
    const context = (item: ProtectedItem) => {
      const { fromSiteId, toSiteId } = directionOf(item, request);
      return { type: 'failback', fromSiteId, toSiteId, ...(request.alternateHostId ? { hostId: request.alternateHostId } : {}) };
    };
    if (request.alternateHostId || sync === 'before') {
      const prepare = tree.container(ROOT_ID, 'prepare', 'phase', sync === 'before' ? 'Synchronise while the machines run in Azure' : 'Prepare the on-premises machines');
      addGroups(tree, prepare, scope.groups, (itemNode, item) => {
        if (request.alternateHostId) {
          tree.leaf(itemNode, 'create-vm', `Create the VM on ${request.alternateHostId} if it does not exist`, {
            itemId: item.id,
            args: { hostId: request.alternateHostId, createIfMissing: request.createVmIfMissing === true },
          });
        }
        if (sync === 'before') tree.leaf(itemNode, 'failback-snapshot', 'Copy a snapshot while the machine runs', { itemId: item.id });
      }, { withActions: false, keyPrefix: 'prepare-' });
      if (sync === 'before') tree.gate(ROOT_ID, 'complete-failover', 'complete-failover', 'Complete Failover');
    }
    const failover = tree.container(ROOT_ID, 'failover', 'phase', 'Fail back');
    addGroups(tree, failover, scope.groups, (itemNode, item) => {
      tree.leaf(itemNode, 'shutdown', 'Shut down the machine in Azure', { itemId: item.id });
      tree.leaf(itemNode, 'failback-final-delta', sync === 'before' ? 'Transfer the latest changes' : 'Resynchronise changed blocks (checksums)', {
        itemId: item.id,
        args: { mode: sync === 'before' ? 'after-snapshot' : 'changed-blocks' },
      });
      tree.leaf(itemNode, 'start-replica', 'Start the on-premises machine', { itemId: item.id, args: context(item) });
    });
    return { tree, failurePolicy: 'stop' };
  };
}
