// The common shape of a plan run: groups in order; in each, the actions before, the items in parallel,
// the actions after. Manual actions are operator gates; script actions run locally (script-runner.ts).
import type { PlanAction, ProtectedItem } from '../domain/model/estate.ts';
import type { StepTree } from '../domain/jobs/step-tree.ts';
import type { ScopeGroup } from './scope.ts';

function addAction(tree: StepTree, parentId: string, position: 'before' | 'after', action: PlanAction): void {
  const key = `${position}-${action.id}`;
  if (action.kind === 'manual') {
    tree.gate(parentId, key, 'manual-action', action.title, { instructions: action.instructions, actionId: action.id });
  } else {
    tree.leaf(parentId, 'script', action.title, { key, args: { command: action.command, timeoutSeconds: action.timeoutSeconds, actionId: action.id } });
  }
}

/**
 * Adds one container per group under `parentId`, with the group's actions when `withActions`, and calls
 * `perItem` to add each item's steps under its item node.
 */
export function addGroups(
  tree: StepTree,
  parentId: string,
  groups: readonly ScopeGroup[],
  perItem: (itemNodeId: string, item: ProtectedItem) => void,
  options: { withActions: boolean; keyPrefix?: string } = { withActions: true },
): void {
  for (const group of groups) {
    if (group.items.length === 0 && (!options.withActions || group.before.length + group.after.length === 0)) continue;
    const groupId = tree.container(parentId, `${options.keyPrefix ?? ''}${group.id}`, 'group', group.name);
    if (options.withActions) for (const action of group.before) addAction(tree, groupId, 'before', action);
    if (group.items.length > 0) {
      const blockId = tree.container(groupId, 'items', 'phase', 'Machines', { parallel: true });
      for (const item of group.items) perItem(tree.container(blockId, item.id, 'item', item.name, { itemId: item.id }), item);
    }
    if (options.withActions) for (const action of group.after) addAction(tree, groupId, 'after', action);
  }
}
