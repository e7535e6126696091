// A job's step tree as a console shows it without holding it: group and item summaries, and a window of the
// visible rows (given which containers are open). Every function is one or two linear passes over the nodes,
// so a 10,000-machine tree (~60,000 nodes) answers in milliseconds and the page receives only what it shows.
import type { StepNode, StepStatus } from './job-model.ts';

const LEAF_KINDS: ReadonlySet<string> = new Set(['step', 'action', 'gate']);
const DONE: ReadonlySet<StepStatus> = new Set(['succeeded', 'skipped', 'done-by-operator']);

export interface LeafCounts {
  leaves: number;
  done: number;
  failed: number;
}

export interface TreeIndex {
  nodes: readonly StepNode[];
  root: StepNode | undefined;
  /** Children in ordinal order. */
  children: Map<string, StepNode[]>;
  counts: Map<string, LeafCounts>;
  /** Per item container: the leaf that says where it is (see `moreCurrent`). */
  current: Map<string, StepNode>;
  byId: Map<string, StepNode>;
}

/** Builds the index in two passes: children lists, then leaf counts bottom-up (nodes are stored parents first). */
export function indexTree(nodes: readonly StepNode[]): TreeIndex {
  const children = new Map<string, StepNode[]>();
  let root: StepNode | undefined;
  let ordered = true;
  for (let position = 0; position < nodes.length; position += 1) {
    const node = nodes[position]!;
    if (position > 0 && node.ordinal < nodes[position - 1]!.ordinal) ordered = false;
    if (node.parentId === null) {
      root = node;
      continue;
    }
    const list = children.get(node.parentId);
    if (list) list.push(node);
    else children.set(node.parentId, [node]);
  }
  // Stored trees come in ordinal order; sort only when they do not.
  if (!ordered) for (const list of children.values()) list.sort((a, b) => a.ordinal - b.ordinal);
  const counts = new Map<string, LeafCounts>();
  const current = new Map<string, StepNode>();
  const byId = new Map<string, StepNode>();
  for (const node of nodes) byId.set(node.id, node);
  // Children have higher ordinals than their parent (StepTree appends): walking backwards adds each node's
  // counts to its parent after all of its own children were added.
  const sorted = ordered ? nodes : [...nodes].sort((a, b) => a.ordinal - b.ordinal);
  for (let position = sorted.length - 1; position >= 0; position -= 1) {
    const node = sorted[position]!;
    let own = counts.get(node.id);
    if (!own) {
      own = { leaves: 0, done: 0, failed: 0 };
      counts.set(node.id, own);
    }
    if (LEAF_KINDS.has(node.kind) && !children.has(node.id)) {
      own.leaves += 1;
      if (DONE.has(node.status)) own.done += 1;
      if (node.status === 'failed') own.failed += 1;
    }
    if (node.parentId === null) continue;
    let parent = counts.get(node.parentId);
    if (!parent) {
      parent = { leaves: 0, done: 0, failed: 0 };
      counts.set(node.parentId, parent);
    }
    parent.leaves += own.leaves;
    parent.done += own.done;
    parent.failed += own.failed;
    if (LEAF_KINDS.has(node.kind) && node.itemId !== undefined) {
      const item = itemContainerOf(node, byId);
      if (item) current.set(item.id, moreCurrent(current.get(item.id), node));
    }
  }
  return { nodes, root, children, counts, current, byId };
}

function itemContainerOf(node: StepNode, byId: Map<string, StepNode>): StepNode | undefined {
  let parent = node.parentId === null ? undefined : byId.get(node.parentId);
  while (parent && parent.kind !== 'item') parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
  return parent;
}

/** Where an item is: a leaf under way (running, waiting) first, then a failed one, then the first not done. */
const CURRENT_RANK: Partial<Record<StepStatus, number>> = { running: 0, waiting: 0, failed: 1, cancelled: 2, pending: 3 };

function moreCurrent(held: StepNode | undefined, candidate: StepNode): StepNode {
  if (!held) return candidate;
  const heldRank = CURRENT_RANK[held.status] ?? 4;
  const candidateRank = CURRENT_RANK[candidate.status] ?? 4;
  // Walking backwards, an equal rank means the candidate comes earlier in the item: the first wins.
  return candidateRank <= heldRank ? candidate : held;
}

/** An item's status from its leaves: a container's own status is not kept by the runner. */
export function itemStatus(counts: LeafCounts, current: StepNode | undefined): StepStatus {
  if (counts.leaves > 0 && counts.done === counts.leaves) return 'succeeded';
  if (!current) return 'pending';
  if (current.status === 'pending') return counts.done > 0 ? 'running' : 'pending';
  return current.status;
}

/** The runner keeps containers' statuses as it goes; a tree it has not touched yet is read from its leaves. */
function containerStatus(item: StepNode, counts: LeafCounts, current: StepNode | undefined): StepStatus {
  return item.status !== 'pending' ? item.status : itemStatus(counts, current);
}

export interface ItemSummary {
  /** The item container's node id (`step-…` in the tree). */
  nodeId: string;
  itemId: string;
  label: string;
  status: StepStatus;
  /** The label of the step the item is at (or failed on); absent once every step is done. */
  currentStep?: string;
  error?: string;
  leaves: number;
  leavesDone: number;
}

export interface GroupSummary {
  nodeId: string;
  label: string;
  items: number;
  /** Items by status (R19: how far each group is, at a glance). */
  itemsByStatus: Partial<Record<StepStatus, number>>;
  leaves: number;
  leavesDone: number;
  leavesFailed: number;
}

export function itemSummary(index: TreeIndex, item: StepNode): ItemSummary {
  const counts = index.counts.get(item.id) ?? { leaves: 0, done: 0, failed: 0 };
  const current = index.current.get(item.id);
  const status = containerStatus(item, counts, current);
  return {
    nodeId: item.id,
    itemId: item.itemId ?? item.id,
    label: item.label,
    status,
    ...(current && status !== 'succeeded' ? { currentStep: current.label } : {}),
    ...(current?.error !== undefined && status !== 'succeeded' ? { error: current.error } : {}),
    leaves: counts.leaves,
    leavesDone: counts.done,
  };
}

/** Items in tree order, one page of them. */
export function itemSummaries(index: TreeIndex, offset: number, limit: number): { total: number; items: ItemSummary[] } {
  const items: ItemSummary[] = [];
  let total = 0;
  for (const node of index.nodes) {
    if (node.kind !== 'item') continue;
    if (total >= offset && items.length < limit) items.push(itemSummary(index, node));
    total += 1;
  }
  return { total, items };
}

/** Every group with its items counted by status: one pass over the items. */
export function groupSummaries(index: TreeIndex): GroupSummary[] {
  const groups = new Map<string, GroupSummary>();
  const byId = index.byId;
  for (const node of index.nodes) {
    if (node.kind !== 'group') continue;
    const counts = index.counts.get(node.id) ?? { leaves: 0, done: 0, failed: 0 };
    groups.set(node.id, { nodeId: node.id, label: node.label, items: 0, itemsByStatus: {}, leaves: counts.leaves, leavesDone: counts.done, leavesFailed: counts.failed });
  }
  for (const node of index.nodes) {
    if (node.kind !== 'item') continue;
    let parent = node.parentId === null ? undefined : byId.get(node.parentId);
    while (parent && parent.kind !== 'group') parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
    const group = parent ? groups.get(parent.id) : undefined;
    if (!group) continue;
    const status = containerStatus(node, index.counts.get(node.id) ?? { leaves: 0, done: 0, failed: 0 }, index.current.get(node.id));
    group.items += 1;
    group.itemsByStatus[status] = (group.itemsByStatus[status] ?? 0) + 1;
  }
  return [...groups.values()];
}

/** Which containers are open: all or none, except those the operator toggled. */
export interface OpenContainers {
  expandAll: boolean;
  toggled: ReadonlySet<string>;
}

export interface WindowRow {
  node: StepNode;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  leaves: number;
  leavesDone: number;
  leavesFailed: number;
  /** On an item row: where the item is and its error, so a collapsed machine says what it does. */
  item?: Pick<ItemSummary, 'status' | 'currentStep' | 'error'>;
}

/**
 * The visible rows in tree order (children of closed containers left out; the root is not a row), counted
 * whole and built only for [offset, offset + limit).
 */
export function rowWindow(index: TreeIndex, open: OpenContainers, offset: number, limit: number): { total: number; rows: WindowRow[] } {
  const rows: WindowRow[] = [];
  if (!index.root) return { total: 0, rows };
  let total = 0;
  // An explicit stack instead of recursion: the walk is a loop whatever the depth.
  const stack: { list: StepNode[]; next: number; depth: number }[] = [{ list: index.children.get(index.root.id) ?? [], next: 0, depth: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.list.length) {
      stack.pop();
      continue;
    }
    const node = top.list[top.next]!;
    top.next += 1;
    const kids = index.children.get(node.id);
    const hasChildren = kids !== undefined && kids.length > 0;
    const expanded = hasChildren && open.expandAll !== open.toggled.has(node.id);
    if (total >= offset && rows.length < limit) {
      const counts = index.counts.get(node.id) ?? { leaves: 0, done: 0, failed: 0 };
      const row: WindowRow = { node, depth: top.depth, hasChildren, expanded, leaves: counts.leaves, leavesDone: counts.done, leavesFailed: counts.failed };
      if (node.kind === 'item') {
        const { status, currentStep, error } = itemSummary(index, node);
        row.item = { status, ...(currentStep !== undefined ? { currentStep } : {}), ...(error !== undefined ? { error } : {}) };
      }
      rows.push(row);
    }
    total += 1;
    if (expanded) stack.push({ list: kids, next: 0, depth: top.depth + 1 });
  }
  return { total, rows };
}

/** Steps an operator must look at (failed, or interrupted and markable), tree order, at most `limit`. */
export function attentionSteps(nodes: readonly StepNode[], markable: ReadonlySet<string>, limit = 200): StepNode[] {
  const found: StepNode[] = [];
  for (const node of nodes) {
    if (found.length >= limit) break;
    if (markable.has(node.id) || (node.error !== undefined && (node.status === 'failed' || node.status === 'waiting'))) found.push(node);
  }
  return found;
}

/** The `limit` leaves that moved last (started or ended): they hold the job's newest `limit` transitions. */
export function recentSteps(nodes: readonly StepNode[], limit = 60): StepNode[] {
  const newest: { at: string; node: StepNode }[] = [];
  for (const node of nodes) {
    if (!LEAF_KINDS.has(node.kind)) continue;
    const at = node.endedAt ?? node.startedAt;
    if (at === undefined) continue;
    if (newest.length === limit && at <= newest[limit - 1]!.at) continue;
    let low = 0;
    let high = newest.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (newest[middle]!.at >= at) low = middle + 1;
      else high = middle;
    }
    newest.splice(low, 0, { at, node });
    if (newest.length > limit) newest.pop();
  }
  return newest.map((entry) => entry.node);
}
