import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../composition/app-context.ts';
import type { PreflightResult } from '../../../contract/rules.ts';
import { certificate } from '../../../domain/rules/fixture.ts';
import { supportMatrix } from '../../../domain/rules/support-matrix.ts';
import { runCli } from '../run.ts';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'fc-rules-cli-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function cli(args: string[], app?: AppContext): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), readStdin: async () => '' };
  const code = await runCli([...args, '--data-dir', dataDir], app ? { io, app } : { io });
  return { code, out, err };
}

describe('CLI: matrix, plans and items', () => {
  it('R1: matrix --json prints the reference table keyed by direction', async () => {
    const { code, out } = await cli(['matrix', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(supportMatrix());
    expect(JSON.parse(out)['vmware->azure']).toEqual({ test: 'unsupported', planned: 'single-failover', unplanned: 'single-failover' });
  });

  it('plans list and items list print the lab estate', async () => {
    const plans = await cli(['plans', 'list', '--json']);
    expect(JSON.parse(plans.out).map((p: { id: string }) => p.id)).toContain('plan-payroll');
    const items = await cli(['items', 'list']);
    expect(items.out).toMatch(/FIN-APP01 .*initial 62%/);
  });
});

describe('CLI: preflight refuses every seeded mistake with its rule and a fix (exit 3)', () => {
  it.each([
    ['R12', ['--plan', 'Contoso Core', '--operation', 'test-failover', '--network', 'existing:net-s-test-wnv'], /No Isolation/],
    ['R2', ['--plan', 'Finance to Azure', '--operation', 'planned-failover'], /FIN-APP01 is still in initial replication/],
    ['R16', ['--plan', 'plan-branch-return', '--operation', 'failback', '--sync', 'before', '--alternate-host', 'hv-b-03', '--create-vm'], /create a virtual switch/],
    ['R8', ['--plan', 'CRM', '--operation', 'reverse-replication'], /commit the failover first/],
    ['R3', ['--plan', 'Payroll', '--operation', 'planned-failover'], /choose the direction/],
    ['R4', ['--plan', 'plan-finance-ready', '--operation', 'planned-failover'], /select the certificate issued/],
    ['R12', ['--plan', 'plan-staging', '--operation', 'planned-failover'], /IP allocation fails/],
  ])('%s: preflight %j is refused', async (rule, args, fix) => {
    const { code, out } = await cli(['preflight', ...args]);
    expect(code).toBe(3);
    const failing = out.split('\n').filter((line) => line.startsWith('FAIL'));
    expect(failing.some((line) => line.includes(` ${rule} `) && fix.test(line)), out).toBe(true);
    expect(out).toMatch(/may start: NO/);
  });

  it('R3: preflight exits 0 once the direction is chosen, and --json carries checks, mayStart and direction', async () => {
    const { code, out } = await cli(['preflight', '--plan', 'plan-payroll', '--operation', 'planned-failover', '--direction', 'site-primary:site-secondary', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as PreflightResult;
    expect(result.mayStart).toBe(true);
    expect(result.direction).toMatchObject({ sourceSiteId: 'site-primary', targetSiteId: 'site-secondary', chosen: true });
  });

  it('R4: preflight:run gathers the certificate bound to the encrypted vault and passes with the right one', async () => {
    const asked: string[] = [];
    const base = createAppContext({ dataDir });
    const app: AppContext = { ...base, certificates: { factsFor: async (id) => (asked.push(id), certificate()) } };
    try {
      const { code } = await cli(['preflight', '--plan', 'plan-finance-ready', '--operation', 'planned-failover'], app);
      expect(asked).toEqual(['vault-weu-encrypted']);
      expect(code).toBe(0);
    } finally {
      base.close();
    }
  });

  it('LOCK: preflight:run refuses a member already in a running job', async () => {
    const base = createAppContext({ dataDir });
    const app: AppContext = { ...base, busyItemIds: () => new Set(['dc01']) };
    try {
      const { code, out } = await cli(['preflight', '--item', 'DC01', '--operation', 'commit'], app);
      expect(code).toBe(3);
      expect(out).toMatch(/FAIL\s+LOCK\s+DC01/);
    } finally {
      base.close();
    }
  });
});

describe('CLI: bad arguments and unknown names exit 2 with a typed error naming them', () => {
  it.each([
    [['preflight', '--plan', 'No Such Plan', '--operation', 'commit'], /error \[NOT_FOUND\]: There is no recovery plan "No Such Plan"/],
    [['preflight', '--item', 'ghost', '--operation', 'commit'], /error \[NOT_FOUND\]: There is no protected item "ghost"/],
    [['preflight', '--plan', 'plan-core', '--operation', 'test-failover', '--network', 'existing:net-nowhere'], /error \[NOT_FOUND\]: There is no network "net-nowhere"/],
    [['preflight', '--plan', 'plan-branch-return', '--operation', 'failback', '--alternate-host', 'hv-zz'], /error \[NOT_FOUND\]: There is no host "hv-zz"/],
    [['preflight', '--plan', 'plan-core', '--operation', 'teleport'], /unknown operation "teleport"/],
    [['preflight', '--plan', 'plan-core', '--item', 'dc01', '--operation', 'commit'], /exactly one of --plan or --item/],
    [['preflight', '--plan', 'plan-core', '--operation', 'test-failover', '--network', 'bridge'], /--network "bridge"/],
    [['preflight', '--plan', 'plan-core', '--operation', 'failback', '--sync', 'whenever'], /--sync "whenever"/],
    [['preflight', '--plan', 'plan-core', '--operation', 'commit', '--direction', 'site-primary'], /--direction "site-primary"/],
    [['preflight', '--plan', 'plan-core', '--operation', 'commit', '--frobnicate'], /Unknown option '--frobnicate'/],
  ])('%j', async (args, message) => {
    const { code, err } = await cli(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe('CLI: networks options and ip plan', () => {
  it('R11: networks options lists the WNV test network unavailable with the reason', async () => {
    const { code, out } = await cli(['networks', 'options', '--plan', 'plan-core', '--json']);
    expect(code).toBe(0);
    const wnv = JSON.parse(out).find((o: { choice: { networkId?: string } }) => o.choice.networkId === 'net-s-test-wnv');
    expect(wnv).toMatchObject({ available: false, reason: expect.stringMatching(/network-virtualization/) });
  });

  it('R13: ip plan shows retained, pool and failing addresses (exit 3 when one fails)', async () => {
    const { code, out } = await cli(['ip', 'plan', '--plan', 'plan-staging', '--operation', 'planned-failover']);
    expect(code).toBe(3);
    expect(out).toMatch(/LAB01 .*retained/);
    expect(out).toMatch(/STAGE01 .*FAILS/);
  });
});
