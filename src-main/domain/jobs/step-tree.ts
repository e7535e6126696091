// Builds a job's step tree. Node ids are paths ("g2/sql01/create-replica"): stable across restarts, so an
// idempotency key made from one names the same fabric call after a crash.
import type { GateKind, LeafOp, NodeKind, StepNode, StepSpec } from './job-model.ts';

export const ROOT_ID = 'job';

export class StepTree {
  readonly nodes: StepNode[] = [];
  readonly #ids = new Set<string>();
  #ordinal = 0;

  constructor(label: string) {
    this.#push({ id: ROOT_ID, parentId: null, kind: 'job', label });
  }

  container(parentId: string, key: string, kind: NodeKind, label: string, options: { parallel?: boolean; itemId?: string } = {}): string {
    const node = this.#push({ id: `${parentId === ROOT_ID ? '' : `${parentId}/`}${key}`, parentId, kind, label, itemId: options.itemId });
    if (options.parallel) node.parallel = true;
    return node.id;
  }

  leaf(parentId: string, op: LeafOp, label: string, options: { itemId?: string; args?: Record<string, unknown>; optional?: boolean; key?: string } = {}): string {
    const key = options.key ?? op;
    const node = this.#push({ id: `${parentId === ROOT_ID ? '' : `${parentId}/`}${key}`, parentId, kind: op === 'script' ? 'action' : 'step', label, itemId: options.itemId });
    node.op = op;
    if (options.args) node.args = options.args;
    if (options.optional) node.optional = true;
    return node.id;
  }

  gate(parentId: string, key: string, gate: GateKind, label: string, args?: Record<string, unknown>): string {
    const node = this.#push({ id: `${parentId === ROOT_ID ? '' : `${parentId}/`}${key}`, parentId, kind: gate === 'manual-action' ? 'action' : 'gate', label });
    node.gate = gate;
    if (args) node.args = args;
    return node.id;
  }

  #push(fields: Pick<StepNode, 'id' | 'parentId' | 'kind' | 'label'> & { itemId?: string | undefined }): StepNode {
    if (this.#ids.has(fields.id)) throw new Error(`duplicate step id ${fields.id}`);
    this.#ids.add(fields.id);
    const node: StepNode = { id: fields.id, parentId: fields.parentId, kind: fields.kind, label: fields.label, ordinal: this.#ordinal++, status: 'pending', attempt: 1 };
    if (fields.itemId) node.itemId = fields.itemId;
    this.nodes.push(node);
    return node;
  }
}

/** The fixed part of a node, as persisted in spec_json. */
export function specOf(node: StepNode): StepSpec {
  const spec: StepSpec = {};
  if (node.parallel) spec.parallel = true;
  if (node.maxParallel !== undefined) spec.maxParallel = node.maxParallel;
  if (node.op) spec.op = node.op;
  if (node.args) spec.args = node.args;
  if (node.gate) spec.gate = node.gate;
  if (node.optional) spec.optional = true;
  return spec;
}

export function childrenOf(nodes: readonly StepNode[]): Map<string, StepNode[]> {
  const children = new Map<string, StepNode[]>();
  for (const node of nodes) {
    if (node.parentId === null) continue;
    const list = children.get(node.parentId) ?? [];
    list.push(node);
    children.set(node.parentId, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.ordinal - b.ordinal);
  return children;
}
