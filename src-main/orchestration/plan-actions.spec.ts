import { describe, expect, it, afterEach } from 'vitest';
import { dispatch } from '../transports/api/dispatch.ts';
import { defaultRunOn } from './plan-actions.ts';
import { openTestApp, runToRest, stepsOf, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

const ENV_ECHO = 'echo "$FAILOVER_CONSOLE_OPERATION $FAILOVER_CONSOLE_SOURCE_SITE_ID>$FAILOVER_CONSOLE_TARGET_SITE_ID $FAILOVER_CONSOLE_PLAN_ID"';

describe('plan actions per operation (runOn)', () => {
  it('R10: a script action with the default runOn does not run in a test failover', async () => {
    t = openTestApp();
    await t.app.plans.addAction('plan-apps', 'g1', 'before', { id: 'dns', kind: 'script', title: 'Repoint production DNS', command: 'exit 7', timeoutSeconds: 10 });
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' } });
    expect(job.status).toBe('waiting-for-operator');
    expect(job.phase).toBe('complete-test');
    expect(stepsOf(job, 'script')).toEqual([]);
  });

  it('R10: a script whose runOn names test-failover runs in one, and sees the operation, the direction and the plan', async () => {
    t = openTestApp();
    await t.app.plans.addAction('plan-apps', 'g1', 'before', { id: 'env', kind: 'script', title: 'Tell', command: ENV_ECHO, timeoutSeconds: 10, runOn: ['test-failover'] });
    const job = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' } });
    expect(stepsOf(job, 'script')[0]).toMatchObject({ status: 'succeeded', output: 'test-failover site-primary>site-secondary plan-apps\n' });
  });

  it('R5: a script with the default runOn runs in a planned failover and sees FAILOVER_CONSOLE_OPERATION', async () => {
    t = openTestApp();
    await t.app.plans.addAction('plan-apps', 'g1', 'before', { id: 'env', kind: 'script', title: 'Tell', command: ENV_ECHO, timeoutSeconds: 10 });
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    expect(stepsOf(job, 'script')[0]).toMatchObject({ status: 'succeeded', output: 'planned-failover site-primary>site-secondary plan-apps\n' });
  });

  it('manual actions run in every operation by default; scripts in every one but a test failover', () => {
    expect(defaultRunOn({ kind: 'manual' })).toContain('test-failover');
    expect(defaultRunOn({ kind: 'script' })).not.toContain('test-failover');
    expect(defaultRunOn({ kind: 'script' })).toContain('unplanned-failover');
  });
});

describe('plan edits that add or change a script are audited', () => {
  it('adding a script action, then editing its command, leaves one audit entry each; other edits none', async () => {
    t = openTestApp();
    await t.app.plans.addAction('plan-apps', 'g1', 'after', { id: 'dns', kind: 'script', title: 'DNS', command: 'echo one', timeoutSeconds: 10 });
    const plan = structuredClone(t.app.estate().plans.find((candidate) => candidate.id === 'plan-apps')!);
    plan.description = 'only the description changed';
    await t.app.plans.save(structuredClone(plan));
    const action = plan.groups[0]!.after.find((candidate) => candidate.id === 'dns')!;
    if (action.kind === 'script') action.command = 'echo two';
    await t.app.plans.save(plan);
    const rows = t.app.db.prepare("SELECT action, details_json FROM audit_log WHERE action LIKE 'plan.script-%' ORDER BY seq").all() as { action: string; details_json: string }[];
    expect(rows.map((row) => [row.action, (JSON.parse(row.details_json) as { command: string }).command])).toEqual([
      ['plan.script-added', 'echo one'],
      ['plan.script-edited', 'echo two'],
    ]);
  });
});

describe('plan actions scoped by failover type and direction', () => {
  const PREPARATION = { planId: 'plan-apps', topology: 'same-vm', copyMethod: 'hyper-v-replication', zone: 'contoso.local', dnsServerName: 'dc01', dnsServerIp: '10.1.0.10', addressing: 'static' } as const;

  it('R18: the AD/DNS preparation added from Scripts stops a test failover before Group 1', async () => {
    t = openTestApp();
    expect((await dispatch(t.app, 'scripts:add-to-plan', PREPARATION)).ok).toBe(true);
    const drill = await runToRest(t.app, { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'existing', networkId: 'net-s-test-vlan' } });
    expect(drill).toMatchObject({ status: 'waiting-for-operator', phase: 'manual-action' });
  });

  it('R18 R6: the AD/DNS preparation never stops a real unplanned failover during an outage', async () => {
    t = openTestApp();
    expect((await dispatch(t.app, 'scripts:add-to-plan', PREPARATION)).ok).toBe(true);
    t.app.lab.control.addFault({ kind: 'site-unreachable', siteId: 'site-primary' }, t.app.clock.now());
    const outage = await runToRest(t.app, { operation: 'unplanned-failover', scope: { planId: 'plan-apps' } });
    expect(outage.status).toBe('succeeded');
    expect(outage.steps.some((node) => node.gate === 'manual-action')).toBe(false);
  });

  it('a script scoped to the way back runs when the plan fails back, not when it fails over', async () => {
    t = openTestApp();
    await t.app.plans.addAction('plan-apps', 'g1', 'before', { id: 'back', kind: 'script', title: 'Only on the way back', command: 'echo back', timeoutSeconds: 10, directions: ['recovery-to-primary'] });
    const out = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    expect(stepsOf(out, 'script')).toEqual([]);
    await runToRest(t.app, { operation: 'commit', scope: { planId: 'plan-apps' } });
    await runToRest(t.app, { operation: 'reverse-replication', scope: { planId: 'plan-apps' } });
    const back = await runToRest(t.app, { operation: 'failback', scope: { planId: 'plan-apps' } });
    expect(stepsOf(back, 'script')[0]).toMatchObject({ status: 'succeeded', output: 'back\n' });
  });
});
