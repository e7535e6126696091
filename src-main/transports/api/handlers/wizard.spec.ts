import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempApp, type TempApp } from '../../../test-support/temp-app.ts';
import { dispatch } from '../dispatch.ts';

let t: TempApp;
beforeAll(() => {
  t = createTempApp();
});
afterAll(() => t.dispose());

describe('failback:hosts', () => {
  it('R16: the host without the original virtual switch is listed unavailable with the reason; one with it is available', async () => {
    const reply = await dispatch(t.app, 'failback:hosts', { scope: { planId: 'plan-branch-return' } });
    expect(reply.ok).toBe(true);
    const hosts = reply.ok ? (reply.result as { hostId: string; available: boolean; reason: string }[]) : [];
    expect(hosts.map((host) => host.hostId)).toEqual(['hv-b-01', 'hv-b-02', 'hv-b-03']);
    expect(hosts.find((host) => host.hostId === 'hv-b-03')).toMatchObject({ available: false, reason: expect.stringMatching(/no virtual switch named "Branch-LAN"/) });
    expect(hosts.find((host) => host.hostId === 'hv-b-02')).toMatchObject({ available: true, reason: expect.stringMatching(/Branch-LAN/) });
  });

  it('R17: for a plan with members at home and away, the hosts are those of the home site the failback goes to', async () => {
    const reply = await dispatch(t.app, 'failback:hosts', { scope: { planId: 'plan-payroll' } });
    expect(reply).toMatchObject({ ok: true });
    const hosts = reply.ok ? (reply.result as { siteId: string }[]) : [];
    expect(hosts.length).toBeGreaterThan(0);
    expect(new Set(hosts.map((host) => host.siteId))).toEqual(new Set(['site-primary']));
  });
});
