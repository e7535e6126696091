import { describe, expect, it } from 'vitest';
import { StepTree } from './step-tree.ts';
import type { StepNode } from './job-model.ts';
import { attentionSteps, groupSummaries, indexTree, itemSummaries, recentSteps, rowWindow } from './job-outline.ts';

function tree(groups: number, itemsPerGroup: number): StepNode[] {
  const t = new StepTree('Test failover of plan');
  for (let g = 0; g < groups; g++) {
    const group = t.container('job', `g${g}`, 'group', `Group ${g}`);
    const block = t.container(group, 'items', 'phase', 'Machines', { parallel: true });
    for (let n = 0; n < itemsPerGroup; n++) {
      const id = `vm${g}-${n}`;
      const item = t.container(block, id, 'item', id.toUpperCase(), { itemId: id });
      t.leaf(item, 'create-test-machine', 'Create the test machine', { itemId: id });
      t.leaf(item, 'start-test-machine', 'Start the test machine', { itemId: id });
    }
  }
  t.gate('job', 'complete-test', 'complete-test', 'Complete testing');
  return t.nodes;
}

const node = (steps: StepNode[], id: string) => steps.find((candidate) => candidate.id === id)!;
const closed = { expandAll: false, toggled: new Set<string>() };

describe('windowed job views: summaries and row windows computed by the engine', () => {
  it('R19: each group counts its items by status; each item says its status, current step and error', () => {
    const steps = tree(2, 3);
    Object.assign(node(steps, 'g0/items/vm0-0/create-test-machine'), { status: 'succeeded' });
    Object.assign(node(steps, 'g0/items/vm0-0/start-test-machine'), { status: 'succeeded' });
    Object.assign(node(steps, 'g0/items/vm0-1/create-test-machine'), { status: 'failed', error: 'host unreachable' });
    Object.assign(node(steps, 'g0/items/vm0-2/create-test-machine'), { status: 'succeeded' });
    Object.assign(node(steps, 'g0/items/vm0-2/start-test-machine'), { status: 'running' });
    const index = indexTree(steps);
    const [first, second] = groupSummaries(index);
    expect(first).toMatchObject({ nodeId: 'g0', items: 3, itemsByStatus: { succeeded: 1, failed: 1, running: 1 }, leaves: 6, leavesDone: 3, leavesFailed: 1 });
    expect(second).toMatchObject({ nodeId: 'g1', items: 3, itemsByStatus: { pending: 3 }, leavesDone: 0 });
    const { total, items } = itemSummaries(index, 0, 4);
    expect(total).toBe(6);
    expect(items.map((item) => [item.itemId, item.status, item.currentStep, item.error])).toEqual([
      ['vm0-0', 'succeeded', undefined, undefined],
      ['vm0-1', 'failed', 'Create the test machine', 'host unreachable'],
      ['vm0-2', 'running', 'Start the test machine', undefined],
      ['vm1-0', 'pending', 'Create the test machine', undefined],
    ]);
  });

  it('a closed tree shows the groups and the gate; an open container shows its children, counted and paged', () => {
    const steps = tree(3, 4);
    const index = indexTree(steps);
    expect(rowWindow(index, closed, 0, 100)).toMatchObject({ total: 4, rows: [{ node: { id: 'g0' }, depth: 0, hasChildren: true, expanded: false, leaves: 8 }, {}, {}, { node: { id: 'complete-test' }, hasChildren: false }] });
    const open = { expandAll: false, toggled: new Set(['g1', 'g1/items']) };
    const window = rowWindow(index, open, 2, 3);
    expect(window.total).toBe(4 + 1 + 4);
    expect(window.rows.map((row) => [row.node.id, row.depth])).toEqual([
      ['g1/items', 1],
      ['g1/items/vm1-0', 2],
      ['g1/items/vm1-1', 2],
    ]);
    expect(window.rows[1]!.item).toEqual({ status: 'pending', currentStep: 'Create the test machine' });
    // Expand all, except one toggled closed: every row but that item's two steps.
    const all = rowWindow(index, { expandAll: true, toggled: new Set(['g0/items/vm0-0']) }, 0, 1_000);
    expect(all.total).toBe(steps.length - 1 - 2);
    expect(all.rows.map((row) => row.node.id)).toEqual(steps.filter((step) => step.parentId !== null && step.parentId !== 'g0/items/vm0-0').map((step) => step.id));
  });

  it('the steps needing the operator and the newest movers are found in one pass each', () => {
    const steps = tree(1, 100);
    Object.assign(node(steps, 'g0/items/vm0-7/create-test-machine'), { status: 'failed', error: 'no capacity' });
    const markable = 'g0/items/vm0-9/start-test-machine';
    expect(attentionSteps(steps, new Set([markable])).map((step) => step.id)).toEqual(['g0/items/vm0-7/create-test-machine', markable]);
    steps.filter((step) => step.op).forEach((step, n) => Object.assign(step, { status: 'succeeded', startedAt: new Date(Date.UTC(2026, 10, 29, 10, 0, n)).toISOString(), endedAt: new Date(Date.UTC(2026, 10, 29, 11, 0, n)).toISOString() }));
    const recent = recentSteps(steps, 5);
    expect(recent.map((step) => step.id)).toEqual([199, 198, 197, 196, 195].map((n) => steps.filter((step) => step.op)[n]!.id));
  });
});
