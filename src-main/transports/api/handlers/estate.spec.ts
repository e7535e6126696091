import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../composition/app-context.ts';
import { dispatch } from '../dispatch.ts';

let dataDir: string;
let app: AppContext;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'fc-estate-'));
  app = createAppContext({ dataDir });
});
afterAll(() => {
  app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('estate and rules channels through dispatch', () => {
  it('plans:list summarises and plans:get returns the full plan with its actions', async () => {
    const list = await dispatch(app, 'plans:list', {});
    expect(list).toMatchObject({ ok: true });
    const got = await dispatch(app, 'plans:get', { planId: 'plan-core' });
    expect(got).toMatchObject({ ok: true, result: { id: 'plan-core', groups: [{ members: ['dc01'] }, {}, { after: [{ kind: 'manual' }] }] } });
  });

  it('items:list gives where each item runs; items:get the NICs and recovery points', async () => {
    const list = await dispatch(app, 'items:list', {});
    expect(list.ok && (list.result as { id: string; planIds: string[] }[]).find((i) => i.id === 'dc01')?.planIds).toEqual(['plan-core']);
    const got = await dispatch(app, 'items:get', { itemId: 'fin-web01' });
    expect(got).toMatchObject({ ok: true, result: { nics: [{ publicIp: '203.0.113.71' }] } });
  });

  it('an unknown plan or item is a NOT_FOUND envelope naming it', async () => {
    expect(await dispatch(app, 'plans:get', { planId: 'plan-x' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no recovery plan "plan-x" in the estate.' } });
    expect(await dispatch(app, 'items:get', { itemId: 'vm-x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('preflight:run validates its input against the operation request schema', async () => {
    const result = await dispatch(app, 'preflight:run', { operation: 'teleport', scope: { planId: 'plan-core' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('R10: preflight:run lists the scripts the operation will run, for the confirmation: none in a test failover by default', async () => {
    await app.plans.addAction('plan-apps', 'g1', 'before', { id: 'dns-prod', kind: 'script', title: 'Repoint DNS', command: './repoint-dns.sh', timeoutSeconds: 30 });
    const planned = await dispatch(app, 'preflight:run', { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    expect(planned).toMatchObject({ ok: true, result: { scripts: [{ groupName: expect.any(String), position: 'before', title: 'Repoint DNS', command: './repoint-dns.sh' }] } });
    const test = await dispatch(app, 'preflight:run', { operation: 'test-failover', scope: { planId: 'plan-apps' } });
    expect(test).toMatchObject({ ok: true, result: { scripts: [] } });
  });

  it('R11: networks:options asks for a direction where members run on both sides', async () => {
    expect(await dispatch(app, 'networks:options', { scope: { planId: 'plan-payroll' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/choose the direction/) } });
    expect(await dispatch(app, 'networks:options', { scope: { planId: 'plan-payroll' }, direction: { sourceSiteId: 'site-primary', targetSiteId: 'site-secondary' } })).toMatchObject({ ok: true });
  });
});
