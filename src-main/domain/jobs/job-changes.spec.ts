import { describe, expect, it } from 'vitest';
import { changesSince } from './job-changes.ts';
import { StepTree } from './step-tree.ts';

describe('job changes since an instant', () => {
  it('R19: returns only the steps and cleanup entries that started, ended, appeared or were deleted since then', () => {
    const tree = new StepTree('Test failover');
    const a = tree.leaf('job', 'create-test-machine', 'Create A', { key: 'a' });
    const b = tree.leaf('job', 'create-test-machine', 'Create B', { key: 'b' });
    const c = tree.leaf('job', 'create-test-machine', 'Create C', { key: 'c' });
    const nodes = new Map(tree.nodes.map((node) => [node.id, node]));
    Object.assign(nodes.get(a)!, { status: 'succeeded', startedAt: '2026-11-29T10:00:00.000Z', endedAt: '2026-11-29T10:00:01.000Z' });
    Object.assign(nodes.get(b)!, { status: 'succeeded', startedAt: '2026-11-29T10:00:01.000Z', endedAt: '2026-11-29T10:00:03.000Z' });
    Object.assign(nodes.get(c)!, { status: 'running', startedAt: '2026-11-29T10:00:04.000Z' });
    const cleanup = [
      { resourceId: 'old', kind: 'test-machine' as const, createdAt: '2026-11-29T10:00:01.000Z', createdBy: 'a' },
      { resourceId: 'gone', kind: 'test-machine' as const, createdAt: '2026-11-29T09:00:00.000Z', createdBy: 'x', deletedAt: '2026-11-29T10:00:05.000Z', deletedBy: 'y' },
    ];
    const delta = changesSince({ steps: tree.nodes, cleanup }, '2026-11-29T10:00:02.000Z');
    expect(delta.steps.map((node) => node.id)).toEqual([b, c]);
    expect(delta.cleanup.map((entry) => entry.resourceId)).toEqual(['gone']);
  });
});
