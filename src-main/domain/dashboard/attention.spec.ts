// What the dashboard puts first (docs/decisions.md "The dashboard starts with what needs the operator").
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../jobs/job-model.ts';
import type { ProtectedItem } from '../model/estate.ts';
import { needsOperator } from './attention.ts';

function job(id: string, status: JobSummary['status'], itemIds: string[], phase: JobSummary['phase'] = null, operation: JobSummary['operation'] = 'planned-failover'): JobSummary {
  return { id, operation, status, phase, scopeName: id, planId: null, itemIds, createdAt: '2026-12-03T10:00:00Z', progress: 0, notes: '', failurePolicy: 'stop', forced: false, cancelRequested: false, revision: 1 };
}

function machine(id: string, powerState: 'running' | 'off'): ProtectedItem {
  return { id, name: id.toUpperCase(), powerState } as ProtectedItem;
}

describe('what needs the operator', () => {
  it('a job waiting for a decision comes first with what to do, then a failed job, then a machine running nowhere', () => {
    const entries = needsOperator([job('j3', 'waiting-for-operator', ['c'], 'complete-test'), job('j2', 'failed', ['a', 'b'])], [machine('a', 'off'), machine('b', 'running'), machine('c', 'running')]);
    expect(entries.map((entry) => (entry.kind === 'job' ? entry.job.id : entry.itemId))).toEqual(['j3', 'j2', 'a']);
    expect(entries[0]!.action).toMatch(/complete the test/);
    expect(entries[1]!.action).toMatch(/retry the failed steps, or mark done/);
    expect(entries[2]).toMatchObject({ kind: 'machine', name: 'A', jobId: 'j2' });
    expect(entries[2]!.action).toMatch(/Running nowhere/);
  });

  it('a failed job a later job took any of its machines over from needs nobody; a partly succeeded one that nothing followed does', () => {
    const entries = needsOperator([job('j4', 'succeeded', ['b']), job('j3', 'partially-succeeded', ['x']), job('j2', 'failed', ['a', 'b'])], []);
    expect(entries.map((entry) => (entry.kind === 'job' ? entry.job.id : ''))).toEqual(['j3']);
  });

  it('a machine off while a job runs on it is not running nowhere: the job is shutting it down on purpose', () => {
    expect(needsOperator([job('j1', 'running', ['a'])], [machine('a', 'off')])).toEqual([]);
  });

  it('a later test failover takes nothing over: the failed failover before it still needs the operator', () => {
    const entries = needsOperator([job('j3', 'succeeded', ['a'], null, 'test-failover'), job('j2', 'failed', ['a'])], []);
    expect(entries.map((entry) => (entry.kind === 'job' ? entry.job.id : ''))).toEqual(['j2']);
  });

  it('a machine kept off with no job, or held by a job waiting for a decision, is not running nowhere', () => {
    expect(needsOperator([], [machine('a', 'off')])).toEqual([]);
    const entries = needsOperator([job('j1', 'waiting-for-operator', ['a'], 'manual-action')], [machine('a', 'off')]);
    expect(entries.map((entry) => entry.kind)).toEqual(['job']);
  });

  it('nothing waiting, failed or off: nothing needs the operator', () => {
    expect(needsOperator([job('j1', 'succeeded', ['a'])], [machine('a', 'running')])).toEqual([]);
  });
});
