// docs/decisions.md, "Bounds on every document that crosses IPC": every array and string that crosses IPC has a bound that fits a real estate (10,000 machines,
// 500 groups a plan, 200 actions a group), so a renderer or web client cannot make the main process parse,
// store or reply with an unbounded document.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../composition/app-context.ts';
import type { RecoveryPlan } from '../../../domain/model/estate.ts';
import { dispatch } from '../dispatch.ts';

let dataDir: string;
let app: AppContext;
let plan: RecoveryPlan;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fc-bounds-'));
  app = createAppContext({ dataDir });
  const got = await dispatch(app, 'plans:get', { planId: 'plan-core' });
  if (!got.ok) throw new Error(got.error.message);
  plan = got.result as RecoveryPlan;
});
afterAll(() => {
  app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function codeOf(channel: string, input: unknown): Promise<string> {
  const envelope = await dispatch(app, channel, input);
  return envelope.ok ? 'ok' : envelope.error.code;
}

const manual = (index: number) => ({ id: `step-${index}`, kind: 'manual', title: `Step ${index}`, instructions: 'Check.' });
const group = (index: number) => ({ id: `group-${index}`, name: `Group ${index}`, members: [], before: [], after: [] });

describe('input bounds over IPC', () => {
  it.each([
    ['501 groups', () => ({ ...plan, groups: Array.from({ length: 501 }, (_, index) => group(index)) })],
    ['10,001 members in a group', () => ({ ...plan, groups: [{ ...plan.groups[0]!, members: Array.from({ length: 10_001 }, (_, index) => `vm-${index}`) }] })],
    ['201 actions before a group', () => ({ ...plan, groups: [{ ...plan.groups[0]!, before: Array.from({ length: 201 }, (_, index) => manual(index)) }] })],
    ['201 actions after a group', () => ({ ...plan, groups: [{ ...plan.groups[0]!, after: Array.from({ length: 201 }, (_, index) => manual(index)) }] })],
  ])('plans:update refuses a plan with %s as INVALID_INPUT', async (_name, draft) => {
    expect(await codeOf('plans:update', { plan: draft() })).toBe('INVALID_INPUT');
  });

  it('plans:update still takes a plan at the bounds (500 groups, 200 actions) past the schema', async () => {
    const draft = { ...plan, groups: [{ ...plan.groups[0]!, before: Array.from({ length: 200 }, (_, index) => manual(index)) }, ...Array.from({ length: 499 }, (_, index) => group(index))] };
    // The engine's own checks may still refuse it; the schema bound must not.
    expect(await codeOf('plans:update', { plan: draft })).not.toBe('INVALID_INPUT');
  });

  it('lab:reset refuses an estate of more than 10,000 machines as INVALID_INPUT', async () => {
    const items = Array.from({ length: 10_001 }, () => ({}));
    expect(await codeOf('lab:reset', { estate: { name: 'huge', sites: [{}], items, plans: [] } })).toBe('INVALID_INPUT');
  });

  it('lab:ops refuses a limit above 100,000 rows as INVALID_INPUT', async () => {
    expect(await codeOf('lab:ops', { limit: 1_000_000 })).toBe('INVALID_INPUT');
    expect(await codeOf('lab:ops', { limit: 100_000 })).toBe('ok');
  });
});

describe('estate schema bounds', () => {
  it('lab:reset refuses a host with 65 virtual switches and an over-long VMM server name', async () => {
    const got = await dispatch(app, 'lab:reset', {});
    expect(got.ok).toBe(true);
    const estate = JSON.parse(JSON.stringify(app.estate())) as { sites: { hosts: { virtualSwitches: string[] }[]; vmmServer?: string }[] };
    const site = estate.sites.find((candidate) => candidate.hosts.length > 0)!;
    site.hosts[0]!.virtualSwitches = Array.from({ length: 65 }, (_, index) => `switch-${index}`);
    expect(await codeOf('lab:reset', { estate })).toBe('ESTATE_INVALID');
    site.hosts[0]!.virtualSwitches = ['switch-0'];
    site.vmmServer = 'v'.repeat(256);
    expect(await codeOf('lab:reset', { estate })).toBe('ESTATE_INVALID');
  });
});
