import { describe, expect, it } from 'vitest';
import type { Estate } from '../domain/model/estate.ts';
import type { OperationRequest } from '../domain/model/operation.ts';
import { lab } from '../domain/rules/fixture.ts';
import { effectiveOperation } from './operations.ts';
import { participatingScope, resolveScope } from './scope.ts';

// plan-branch: Hyper-V site → Azure. Moving a member to Azure makes the plan run on both sides (R3).
function branchOnBothSides(): Estate {
  const estate = lab();
  const member = estate.items.find((item) => item.id === 'br-app01')!;
  member.activeSiteId = 'site-azure';
  return estate;
}

function operationFor(estate: Estate, request: OperationRequest): string {
  return effectiveOperation(estate, request, participatingScope(estate, resolveScope(estate, request), request));
}

describe('effectiveOperation', () => {
  it('R15: a planned failover of members running in Azure runs as a failback', () => {
    expect(operationFor(lab(), { operation: 'planned-failover', scope: { planId: 'plan-branch-return' } })).toBe('failback');
  });

  it('R15: a planned failover into Azure stays a planned failover', () => {
    expect(operationFor(lab(), { operation: 'planned-failover', scope: { planId: 'plan-branch' } })).toBe('planned-failover');
  });

  it('R15/R3: with members on both sides, the chosen direction decides, as pre-flight judges it', () => {
    const estate = branchOnBothSides();
    const plan = { planId: 'plan-branch' };
    const intoAzure = { sourceSiteId: 'site-hyperv', targetSiteId: 'site-azure' };
    const outOfAzure = { sourceSiteId: 'site-azure', targetSiteId: 'site-hyperv' };
    expect(operationFor(estate, { operation: 'planned-failover', scope: plan, direction: intoAzure })).toBe('planned-failover');
    expect(operationFor(estate, { operation: 'planned-failover', scope: plan, direction: outOfAzure })).toBe('failback');
  });

  it('other operations are run as asked', () => {
    expect(operationFor(lab(), { operation: 'test-failover', scope: { planId: 'plan-branch-return' } })).toBe('test-failover');
  });
});
