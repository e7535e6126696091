// The DR cycle round trip from the command line, by plan name, as an on-call engineer types it (R8, R9, R17):
// failover, commit, re-protect, failback, commit, re-protect, second failover; every machine protected at the end.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../orchestration/testing.ts';
import { runCli } from '../run.ts';

let t: TestApp;
afterEach(() => t?.dispose());

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { app: t.app, io: { out: (text) => (out += text), err: (text) => (err += text), readStdin: async () => '' } });
  return { code, out, err };
}

/** Runs a command; a job waiting at a manual action is confirmed, at Complete Test or Complete Failover completed (R10, R15, R19). */
async function step(argv: string[]): Promise<void> {
  const result = await cli(argv);
  expect({ argv, code: result.code, err: result.err }).toEqual({ argv, code: 0, err: '' });
  const waiting = /(job-[0-9A-Z]+) waiting-for-operator — waiting for: (.*)/.exec(result.out);
  if (waiting) {
    const [, jobId, what] = waiting;
    if (what?.startsWith('Complete Test')) await step(['jobs', 'complete-test', jobId!, '--verdict', 'passed', '--notes', 'Round trip drill passed']);
    else await step(['jobs', what?.startsWith('Complete Failover') ? 'complete-failover' : 'confirm', jobId!]);
  }
}

function members(planName: string) {
  const plan = t.app.estate().plans.find((candidate) => candidate.name === planName)!;
  const ids = new Set(plan.groups.flatMap((group) => group.members));
  return t.app.estate().items.filter((item) => ids.has(item.id));
}

describe('CLI: the DR cycle round trip', () => {
  it('R9 R17: Contoso Core to the secondary site and back, protected at home, then failed over again', async () => {
    t = openTestApp();
    const plan = ['--plan', 'Contoso Core'];
    await step(['failover', ...plan, '--type', 'planned', '--yes']);
    await step(['commit', ...plan, '--yes']);
    await step(['reverse-replicate', ...plan]);
    await step(['failback', ...plan, '--yes']);
    await step(['commit', ...plan, '--yes']);
    await step(['reverse-replicate', ...plan]);
    for (const item of members('Contoso Core')) expect(item).toMatchObject({ activeSiteId: 'site-primary', failoverState: 'none', replication: { state: 'protected' } });
    await step(['failover', ...plan, '--type', 'planned', '--yes']);
    for (const item of members('Contoso Core')) expect(item).toMatchObject({ activeSiteId: 'site-secondary', replication: { state: 'protected' } });
  });

  it('R8 R9 R15: Branch to Azure and back, refused re-protection in Azure, protected at home, then failed over again', async () => {
    t = openTestApp();
    const plan = ['--plan', 'Branch to Azure'];
    await step(['failover', ...plan, '--type', 'unplanned', '--yes']);
    await step(['commit', ...plan, '--yes']);
    // R8: not reverse-replicated from Azure to itself: the refusal says to fail back.
    const refused = await cli(['reverse-replicate', ...plan]);
    expect(refused).toMatchObject({ code: 3, err: expect.stringMatching(/not reverse-replicated from Azure .*Fail it back to Branch Office \(Hyper-V\)/) });
    await step(['failback', ...plan, '--sync', 'during', '--yes']);
    await step(['commit', ...plan, '--yes']);
    await step(['reverse-replicate', ...plan]);
    for (const item of members('Branch to Azure')) expect(item).toMatchObject({ activeSiteId: 'site-hyperv', failoverState: 'none', replication: { state: 'protected' } });
    await step(['failover', ...plan, '--type', 'planned', '--yes']);
    for (const item of members('Branch to Azure')) expect(item.activeSiteId).toBe('site-azure');
  });

  it('R8 R9 R15: Branch return — fail back from Azure, commit, re-protect, fail over again', async () => {
    t = openTestApp();
    const plan = ['--plan', 'Branch return from Azure'];
    await step(['failback', ...plan, '--yes']);
    await step(['commit', ...plan, '--yes']);
    await step(['reverse-replicate', ...plan]);
    for (const item of members('Branch return from Azure')) expect(item).toMatchObject({ activeSiteId: 'site-hyperv', failoverState: 'none', replication: { state: 'protected' } });
    await step(['failover', ...plan, '--type', 'test', '--network', 'existing:vnet-test']);
  });
});
