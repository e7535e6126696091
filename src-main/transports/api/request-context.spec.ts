// Dispatch hands each handler the caller's request context, and an audited plan edit records its principal
// as the actor (docs/architecture.md, "Request context"; the audit trail of script changes, R5/R10 scripts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientVersionOf, requestContext, SYSTEM_CONTEXT, type RequestContext } from '../../application/request-context.ts';
import { auditRows, planWithNewScript } from '../../test-support/audit-rows.ts';
import { createTempApp, type TempApp } from '../../test-support/temp-app.ts';
import { dispatch } from './dispatch.ts';

let t: TempApp;
beforeEach(() => {
  t = createTempApp();
});
afterEach(() => t.dispose());

describe('request context through dispatch', () => {
  it('an audited plan edit records the caller’s principal, session and client version', async () => {
    const alice: RequestContext = { principal: 'alice', session: { transport: 'http', id: 'session-1' }, clientVersion: 'renderer/2.0.0' };
    const reply = await dispatch(t.app, 'plans:update', { plan: planWithNewScript(t.app) }, alice);
    expect(reply.ok).toBe(true);
    expect(auditRows(t.app, 'plan.script-')).toEqual([
      { actor: 'alice', action: 'plan.script-added', details: expect.objectContaining({ actionId: 'notify', via: 'http:session-1', clientVersion: 'renderer/2.0.0' }) },
    ]);
  });

  it('a caller that passes no context (tests, benchmarks) acts as the console itself', async () => {
    await dispatch(t.app, 'plans:update', { plan: planWithNewScript(t.app) });
    expect(auditRows(t.app, 'plan.script-')[0]).toMatchObject({ actor: SYSTEM_CONTEXT.principal, details: { via: 'internal:system' } });
  });
});

describe('client version from the request meta', () => {
  it('keeps a short version-like string and drops anything else instead of failing the call', () => {
    expect(clientVersionOf({ clientVersion: 'renderer/2.0.0' })).toBe('renderer/2.0.0');
    expect(clientVersionOf({ clientVersion: '<script>alert(1)</script>' })).toBeUndefined();
    expect(clientVersionOf({ clientVersion: 'x'.repeat(65) })).toBeUndefined();
    expect(clientVersionOf({ clientVersion: 42 })).toBeUndefined();
    expect(clientVersionOf(undefined)).toBeUndefined();
    expect(requestContext('http', 's', { clientVersion: 'bad version!' }, 'carol')).toEqual({ principal: 'carol', session: { transport: 'http', id: 's' } });
  });
});
