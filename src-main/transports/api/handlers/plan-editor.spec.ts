import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecoveryPlan } from '../../../domain/model/estate.ts';
import { createAppContext } from '../../../composition/app-context.ts';
import { createTempApp, type TempApp } from '../../../test-support/temp-app.ts';
import { dispatch } from '../dispatch.ts';

let t: TempApp;
beforeEach(() => {
  t = createTempApp();
});
afterEach(() => t.dispose());

async function get(planId: string): Promise<RecoveryPlan> {
  const reply = await dispatch(t.app, 'plans:get', { planId });
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result as RecoveryPlan;
}

describe('plan editor channels', () => {
  it('creates a plan with one empty group, an id from its name, and persists it for the next process', async () => {
    const created = await dispatch(t.app, 'plans:create', { name: 'Contoso Web', sourceSiteId: 'site-primary', targetSiteId: 'site-secondary' });
    expect(created).toMatchObject({ ok: true, result: { id: 'plan-contoso-web', groups: [{ id: 'g1', name: 'Group 1', members: [] }] } });
    const other = createAppContext({ dataDir: t.dataDir });
    try {
      expect(other.estate().plans.some((plan) => plan.id === 'plan-contoso-web')).toBe(true);
    } finally {
      other.close();
    }
  });

  it('refuses a second plan with the same name (the name is what the operator types to confirm)', async () => {
    const reply = await dispatch(t.app, 'plans:create', { name: 'contoso core', sourceSiteId: 'site-primary', targetSiteId: 'site-secondary' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/Contoso Core" already has this name/) } });
  });

  it('saves reordered groups, moved members and manual and script actions before or after a group', async () => {
    const plan = await get('plan-core');
    const [g1, g2, g3] = plan.groups;
    if (!g1 || !g2 || !g3) throw new Error('plan-core has three groups');
    g3.members = g3.members.filter((id) => id !== 'app01');
    g2.members.push('app01');
    g2.before.push({ id: 'check-sql', kind: 'manual', title: 'Check SQL', instructions: 'Confirm the listener answers.' });
    g2.after.push({ id: 'warm-cache', kind: 'script', title: 'Warm cache', command: 'echo warm', timeoutSeconds: 30 });
    plan.groups = [g1, g3, g2];
    expect(await dispatch(t.app, 'plans:update', { plan })).toMatchObject({ ok: true });
    const saved = await get('plan-core');
    expect(saved.groups.map((group) => group.id)).toEqual([g1.id, g3.id, g2.id]);
    expect(saved.groups[2]).toMatchObject({ members: ['sql01', 'app01'], before: [{ id: 'check-sql' }], after: [{ id: 'warm-cache', kind: 'script' }] });
  });

  it('refuses a machine in two groups of one plan', async () => {
    const plan = await get('plan-core');
    plan.groups[1]?.members.push('dc01');
    expect(await dispatch(t.app, 'plans:update', { plan })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'DC01 is already in Group 1: a machine belongs to one group only.' } });
  });

  it("refuses a member that does not replicate between the plan's sites, and an unknown member", async () => {
    const plan = await get('plan-core');
    plan.groups[0]?.members.push('fin-db01', 'ghost');
    const reply = await dispatch(t.app, 'plans:update', { plan });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const message = reply.ok ? '' : reply.error.message;
    expect(message).toContain('FIN-DB01 replicates between site-primary and site-azure');
    expect(message).toContain('there is no protected item "ghost"');
  });

  it('refuses two actions with one id and a plan without groups (schema)', async () => {
    const plan = await get('plan-core');
    plan.groups[0]?.before.push({ id: 'dup', kind: 'manual', title: 'A', instructions: '' });
    plan.groups[1]?.after.push({ id: 'dup', kind: 'manual', title: 'B', instructions: '' });
    expect(await dispatch(t.app, 'plans:update', { plan })).toMatchObject({ ok: false, error: { message: 'Two actions have the id "dup".' } });
    expect(await dispatch(t.app, 'plans:update', { plan: { ...plan, groups: [] } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('LOCK: a plan whose machines take part in an unfinished job can be neither edited nor deleted', async () => {
    t.app.lab.control.setSettings({ timeScale: 0 });
    const started = await dispatch(t.app, 'jobs:start', { operation: 'test-failover', scope: { planId: 'plan-apps' }, testNetwork: { option: 'none' } });
    expect(started).toMatchObject({ ok: true });
    // A test failover waits for Complete Test: its machines stay busy until then.
    for (let tries = 0; tries < 200 && !t.app.busyItemIds().has('app02'); tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const plan = await get('plan-apps');
    expect(await dispatch(t.app, 'plans:update', { plan })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/Cannot edit "Contoso Apps" while/) } });
    expect(await dispatch(t.app, 'plans:delete', { planId: 'plan-apps' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('deletes a plan; an unknown one is NOT_FOUND', async () => {
    expect(await dispatch(t.app, 'plans:delete', { planId: 'plan-staging' })).toEqual({ ok: true, result: { planId: 'plan-staging' } });
    expect(await dispatch(t.app, 'plans:get', { planId: 'plan-staging' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch(t.app, 'plans:delete', { planId: 'plan-staging' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
