// Which actions an operation meets: the one function the job engine picks a job's actions with and the plan view
// shows (plans/action-scope.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanAction, RecoveryPlan } from '../model/estate.ts';
import { openTestApp, rest, runToRest, type TestApp } from '../../orchestration/testing.ts';
import { actionIdsMet, planDirectionFrom } from './action-scope.ts';

let t: TestApp;
afterEach(() => t?.dispose());

const manual = (id: string, extra: Partial<PlanAction> = {}): PlanAction => ({ id, kind: 'manual', title: id, instructions: '', ...extra }) as PlanAction;
const script = (id: string, extra: Partial<PlanAction> = {}): PlanAction => ({ id, kind: 'script', title: id, command: 'true', timeoutSeconds: 10, ...extra }) as PlanAction;

function plan(before: PlanAction[], after: PlanAction[] = []): Pick<RecoveryPlan, 'groups'> {
  return { groups: [{ id: 'g1', name: 'Group 1', members: [], before, after }] };
}

describe('actions an operation meets', () => {
  it('R10: a test failover meets manual actions but not a script with the default run-on; a planned failover meets both', () => {
    const scoped = plan([manual('prepare'), script('repoint-dns')], [script('drill-only', { runOn: ['test-failover'] })]);
    expect(actionIdsMet(scoped, 'test-failover')).toEqual(['prepare', 'drill-only']);
    expect(actionIdsMet(scoped, 'planned-failover')).toEqual(['prepare', 'repoint-dns']);
  });

  it('R17: an action scoped to the way back is met only recovery → primary, and either way when no direction is given', () => {
    const scoped = plan([script('back', { directions: ['recovery-to-primary'] }), manual('out', { directions: ['primary-to-recovery'] })]);
    expect(actionIdsMet(scoped, 'failback', 'recovery-to-primary')).toEqual(['back']);
    expect(actionIdsMet(scoped, 'planned-failover', 'primary-to-recovery')).toEqual(['out']);
    expect(actionIdsMet(scoped, 'planned-failover')).toEqual(['back', 'out']);
  });

  it('the direction is away from the plan\'s source site while its members run there, back otherwise', () => {
    expect(planDirectionFrom({ sourceSiteId: 'site-primary' }, 'site-primary')).toBe('primary-to-recovery');
    expect(planDirectionFrom({ sourceSiteId: 'site-primary' }, 'site-secondary')).toBe('recovery-to-primary');
    expect(planDirectionFrom({ sourceSiteId: 'site-primary' }, undefined)).toBeUndefined();
  });

  it('R5 R10: the actions a job runs are exactly those the plan view lists for its operation and direction', async () => {
    t = openTestApp();
    const actions: [string, 'before' | 'after', PlanAction][] = [
      ['g1', 'before', script('always-real', { command: 'true' })],
      ['g1', 'after', script('drill', { command: 'true', runOn: ['test-failover'] })],
      ['g2', 'before', script('back', { command: 'true', directions: ['recovery-to-primary'] })],
      ['g2', 'after', script('out', { command: 'true', directions: ['primary-to-recovery'] })],
    ];
    for (const [group, position, action] of actions) await t.app.plans.addAction('plan-apps', group, position, action);
    const current = t.app.estate().plans.find((candidate) => candidate.id === 'plan-apps')!;
    for (const operation of ['test-failover', 'planned-failover'] as const) {
      const job = await runToRest(t.app, { operation, scope: { planId: 'plan-apps' } });
      const ran = job.steps.filter((step) => step.op === 'script').map((step) => step.label);
      const shown = actionIdsMet(current, operation, planDirectionFrom(current, 'site-primary')).filter((id) => actions.some(([, , action]) => action.id === id));
      expect({ operation, ran }).toEqual({ operation, ran: shown });
      if (operation === 'test-failover') {
        await t.app.jobs.completeTest(job.id, 'checked');
        await rest(t.app, job.id);
      }
    }
  });
});
