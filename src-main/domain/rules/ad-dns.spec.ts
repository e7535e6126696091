import { describe, expect, it } from 'vitest';
import { lab, run, withRule } from './fixture.ts';

const testOf = (planId: string) => ({ operation: 'test-failover', scope: { planId } }) as const;

describe('R18 AD/DNS in a test failover', () => {
  it('R18: a plan of application machines with no AD/DNS and no manual action before Group 1 warns with the fix', () => {
    const [warning] = withRule(run(lab(), testOf('plan-apps')), 'R18', 'warn');
    expect(warning?.message).toMatch(/add the AD\/DNS preparation from Scripts as a manual action before Group 1/);
  });

  it('R18: AD/DNS machines in Group 1 pass and say to complete the test in reverse order', () => {
    const [pass] = withRule(run(lab(), testOf('plan-core')), 'R18', 'pass');
    expect(pass?.message).toMatch(/DC01 \(AD\/DNS\) fail over first.*application machines first, then AD\/DNS/);
  });

  it('R18: any manual action before Group 1 clears the warning', () => {
    const estate = lab();
    const group = estate.plans.find((p) => p.id === 'plan-apps')?.groups[0];
    group?.before.push({ id: 'prep', kind: 'manual', title: 'Anything at all', instructions: 'x' });
    expect(withRule(run(estate, testOf('plan-apps')), 'R18').map((c) => c.status)).toEqual(['pass']);
  });

  it('R18: a script action before Group 1 does not clear the warning', () => {
    const estate = lab();
    const group = estate.plans.find((p) => p.id === 'plan-apps')?.groups[0];
    group?.before.push({ id: 'script', kind: 'script', title: 'Script', command: 'echo', timeoutSeconds: 5 });
    expect(withRule(run(estate, testOf('plan-apps')), 'R18', 'warn')).toHaveLength(1);
  });

  it('R18: AD/DNS placed in a later group warns to move it to Group 1', () => {
    const estate = lab();
    const plan = estate.plans.find((p) => p.id === 'plan-core');
    if (plan?.groups[0] && plan.groups[2]) [plan.groups[0].members, plan.groups[2].members] = [plan.groups[2].members, plan.groups[0].members];
    expect(withRule(run(estate, testOf('plan-core')), 'R18', 'warn')[0]?.message).toMatch(/DC01 \(AD\/DNS\) is not in Group 1.*move it to Group 1/);
  });

  it('R18: is a test-failover rule only (no verdict for a planned failover)', () => {
    expect(withRule(run(lab(), { operation: 'planned-failover', scope: { planId: 'plan-apps' } }), 'R18')).toEqual([]);
  });
});
