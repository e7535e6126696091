import { afterEach, describe, expect, it } from 'vitest';
import type { Preflight } from '../../../domain/model/operation.ts';
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

describe('CLI over the engine', () => {
  it('runs a drill end to end by plan name: test failover, Complete Test, with the cleanup ledger shown (R10, R19)', async () => {
    t = openTestApp();
    const started = await cli(['failover', '--plan', 'Contoso Apps', '--type', 'test', '--network', 'create:LN-Test-VLAN']);
    expect(started).toMatchObject({ code: 0, err: '' });
    const jobId = /(job-[0-9A-Z]{26}) waiting-for-operator — waiting for: Complete Test/.exec(started.out)?.[1];
    expect(jobId).toBeDefined();
    const completed = await cli(['jobs', 'complete-test', jobId!, '--verdict', 'passed', '--notes', 'Drill passed']);
    expect(completed.code).toBe(0);
    const shown = await cli(['jobs', 'show', jobId!]);
    expect(shown.out).toMatch(/cleanup ledger:/);
    expect(shown.out).not.toMatch(/NOT DELETED/);
    const listed = JSON.parse((await cli(['jobs', 'list', '--json'])).out) as { id: string; status: string; notes: string }[];
    expect(listed).toEqual([expect.objectContaining({ id: jobId, status: 'succeeded', notes: 'Drill passed' })]);
  });

  it('exits 3 with the failed checks when pre-flight refuses', async () => {
    const refuse: Preflight = () => [{ ruleId: 'R2', status: 'fail', subject: { kind: 'item', id: 'app02', name: 'APP02' }, message: 'APP02 has no recovery point.' }];
    t = openTestApp({ preflight: refuse });
    const result = await cli(['failover', '--plan', 'plan-apps', '--type', 'planned']);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/^error \[PREFLIGHT_FAILED\]: .*APP02 has no recovery point\./);
  });

  it('exits 1 when the operation fails, 2 on bad arguments, and never prints a stack', async () => {
    t = openTestApp();
    expect((await cli(['lab', 'fault', 'operation-fails', 'APP02', 'shutdown'])).code).toBe(0);
    const failed = await cli(['failover', '--item', 'APP02', '--type', 'planned']);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/✘ item\/items\/app02\/shutdown: shutdown failed for APP02/);
    expect((await cli(['failover', '--plan', 'plan-apps', '--type', 'sideways'])).code).toBe(2);
    expect((await cli(['failover', '--plan', 'no-such-plan', '--type', 'planned'])).code).toBe(2);
    const commit = await cli(['commit', '--plan', 'plan-apps']);
    expect(commit).toMatchObject({ code: 3, err: expect.stringMatching(/^error \[PREFLIGHT_FAILED\]: .*No member of Contoso Apps is commit pending/) });
    expect(failed.err + failed.out).not.toMatch(/\n\s+at /);
  });

  it('lists the lab operation log and verifies the audit trail', async () => {
    t = openTestApp();
    await cli(['failover', '--item', 'app02', '--type', 'unplanned']);
    const ops = JSON.parse((await cli(['lab', 'ops', '--json'])).out) as { operation: string; key: string }[];
    expect(ops.map((op) => op.operation)).toEqual(['create-replica', 'start-replica']);
    const [job] = JSON.parse((await cli(['jobs', 'list', '--json'])).out) as { id: string }[];
    expect(ops[0]!.key).toBe(`${job!.id}/item/items/app02/create-replica#1`);
    expect(await cli(['audit', 'verify'])).toMatchObject({ code: 0, out: expect.stringMatching(/intact/) });
  });

  it('runs every operation of a DR cycle end to end from the CLI on the lab estate (R5 R6 R7 R9 R10 R15 R17)', async () => {
    t = openTestApp();
    const ok = async (argv: string[]) => {
      const result = await cli(argv);
      expect(result.code, `${argv.join(' ')}: ${result.err}`).toBe(0);
      return result.out;
    };
    // Test failover and Complete Test with cleanup (R10).
    const testJob = /^(job-\S+) /.exec(await ok(['failover', '--plan', 'Contoso Apps', '--type', 'test']))![1]!;
    await ok(['jobs', 'complete-test', testJob, '--verdict', 'passed', '--notes', 'ok']);
    // Planned failover, commit, and failback from the secondary site as a planned failover back (R5, R7, R17).
    await ok(['failover', '--plan', 'Contoso Apps', '--type', 'planned']);
    await ok(['commit', '--plan', 'Contoso Apps']);
    await ok(['failback', '--plan', 'Contoso Apps']);
    await ok(['commit', '--plan', 'Contoso Apps']);
    // Unplanned failover, change of recovery point, commit, reverse replication (R6, R7, R9).
    await ok(['failover', '--item', 'WEB01', '--type', 'unplanned', '--shutdown-and-sync']);
    const points = t.app.estate().items.find((item) => item.id === 'web01')!.recoveryPoints;
    await ok(['change-recovery-point', '--item', 'WEB01', '--point', points[points.length - 2]!.id]);
    await ok(['commit', '--item', 'WEB01']);
    await ok(['reverse-replicate', '--item', 'WEB01']);
    // Failback from Azure with synchronisation before the failover, Complete Failover, commit (R15).
    expect(await ok(['failback', '--plan', 'plan-branch-return', '--sync', 'before'])).toMatch(/Complete Failover/);
    const failbackId = (JSON.parse((await cli(['jobs', 'list', '--json', '--operation', 'failback'])).out) as { id: string }[])[0]!.id;
    await ok(['jobs', 'complete-failover', failbackId]);
    await ok(['commit', '--plan', 'plan-branch-return']);
    const jobs = JSON.parse((await cli(['jobs', 'list', '--json'])).out) as { operation: string; status: string }[];
    expect(jobs.every((job) => job.status === 'succeeded')).toBe(true);
    expect(new Set(jobs.map((job) => job.operation))).toEqual(
      new Set(['test-failover', 'planned-failover', 'commit', 'failback', 'unplanned-failover', 'change-recovery-point', 'reverse-replication']),
    );
    expect(await ok(['audit', 'verify'])).toMatch(/intact/);
  });

  it('a start retried with the same --request-id answers the job it started; a decision on a stale --revision is CONFLICT saying why', async () => {
    t = openTestApp();
    const first = await cli(['failover', '--item', 'APP02', '--type', 'test', '--request-id', 'nightly-drill-0001']);
    expect(first.code).toBe(0);
    const jobId = /^(job-\S+) started/.exec(first.out)![1]!;
    const again = await cli(['failover', '--item', 'APP02', '--type', 'test', '--request-id', 'nightly-drill-0001']);
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(again.out).toMatch(new RegExp(`^${jobId} started`));
    expect(JSON.parse((await cli(['jobs', 'list', '--json'])).out)).toHaveLength(1);
    const shown = JSON.parse((await cli(['jobs', 'show', jobId, '--json'])).out) as { revision: number };
    expect((await cli(['jobs', 'notes', jobId, '--notes', 'Bridge open'])).code).toBe(0);
    // R10: no verdict, no Complete Test — the operator says how the test went.
    expect(await cli(['jobs', 'complete-test', jobId, '--notes', 'forgot'])).toMatchObject({ code: 2, err: expect.stringContaining('--verdict is required') });
    expect((await cli(['jobs', 'complete-test', jobId, '--verdict', 'fine', '--notes', 'x'])).code).toBe(2);
    const stale = await cli(['jobs', 'complete-test', jobId, '--verdict', 'passed', '--notes', 'late', '--revision', String(shown.revision)]);
    expect(stale).toMatchObject({ code: 1, err: expect.stringMatching(/^error \[CONFLICT\]: Another operator \(.+\) already changed the notes at .* \(notes: Bridge open\)/) });
    expect((await cli(['jobs', 'complete-test', jobId, '--verdict', 'passed', '--notes', 'ok'])).code).toBe(0);
    expect((await cli(['jobs', 'complete-test', jobId, '--verdict', 'passed', '--notes', 'x', '--revision', 'abc'])).code).toBe(2);
  });
});
