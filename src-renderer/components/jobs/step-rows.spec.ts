import { describe, expect, it } from 'vitest';
import { StepTree } from '../../../src-main/domain/jobs/step-tree.ts';
import { formatDuration, timeline } from './step-rows.ts';

function tree(items: number) {
  const t = new StepTree('Test failover of plan');
  const group = t.container('job', 'g1', 'group', 'Group 1');
  const block = t.container(group, 'items', 'phase', 'Machines', { parallel: true });
  for (let n = 0; n < items; n++) {
    const item = t.container(block, `vm${n}`, 'item', `VM${n}`, { itemId: `vm${n}` });
    t.leaf(item, 'create-test-machine', 'Create', { itemId: `vm${n}` });
    t.leaf(item, 'start-test-machine', 'Start', { itemId: `vm${n}` });
  }
  t.gate('job', 'complete-test', 'complete-test', 'Complete testing');
  return t.nodes;
}

describe('step rows of the live job tree', () => {
  it('the timeline lists the newest transitions first', () => {
    const steps = tree(1);
    Object.assign(steps.find((node) => node.op === 'create-test-machine')!, { status: 'succeeded', startedAt: '2026-11-29T10:00:00.000Z', endedAt: '2026-11-29T10:00:05.000Z' });
    expect(timeline(steps).map((entry) => entry.what)).toEqual(['succeeded', 'started']);
    expect(formatDuration(5000)).toBe('5 s');
    const many = tree(100);
    many.filter((node) => node.op).forEach((node, n) => Object.assign(node, { status: 'succeeded', startedAt: new Date(Date.UTC(2026, 10, 29, 10, 0, n)).toISOString(), endedAt: new Date(Date.UTC(2026, 10, 29, 11, 0, n)).toISOString() }));
    const newest = timeline(many, [], 5);
    expect(newest.map((entry) => entry.at)).toEqual([...newest.map((entry) => entry.at)].sort().reverse());
    expect(newest[0]!.at).toBe(new Date(Date.UTC(2026, 10, 29, 11, 0, 199)).toISOString());
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });

  it('R19: a failure stays in the timeline after its step was retried and succeeded; one still failed is told once', () => {
    const steps = tree(1);
    const step = steps.find((node) => node.op === 'create-test-machine')!;
    Object.assign(step, { status: 'succeeded', attempt: 1, startedAt: '2026-11-29T10:01:00.000Z', endedAt: '2026-11-29T10:01:05.000Z' });
    const failure = { at: '2026-11-29T10:00:05.000Z', what: 'failed' as const, stepId: step.id, label: step.label, error: 'The secondary site is unreachable.' };
    expect(timeline(steps, [failure]).map((entry) => [entry.what, entry.at])).toEqual([
      ['succeeded', '2026-11-29T10:01:05.000Z'],
      ['started', '2026-11-29T10:01:00.000Z'],
      ['failed', '2026-11-29T10:00:05.000Z'],
    ]);
    Object.assign(step, { status: 'failed', endedAt: '2026-11-29T10:00:05.001Z' });
    expect(timeline(steps, [failure]).filter((entry) => entry.what === 'failed')).toHaveLength(1);
  });
});
