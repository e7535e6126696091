// One name per thing on the command line: what a listing prints is what the commands accept back.
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

describe('CLI: one name per thing', () => {
  it('R11: every option `networks options` prints is accepted back by `failover --network`', async () => {
    t = openTestApp();
    const listed = await cli(['networks', 'options', '--plan', 'Contoso Apps']);
    const printed = [...listed.out.matchAll(/^(existing:\S+|create:\S+|none)\s+yes/gm)].map((match) => match[1]!);
    expect(printed).toContain('existing:net-s-test-vlan');
    for (const option of printed) {
      const started = await cli(['failover', '--plan', 'Contoso Apps', '--type', 'test', '--network', option]);
      expect({ option, code: started.code, err: started.err }).toEqual({ option, code: 0, err: '' });
      const jobId = /(job-[0-9A-Z]+) waiting-for-operator/.exec(started.out)?.[1];
      expect((await cli(['jobs', 'complete-test', jobId!, '--verdict', 'passed', '--notes', 'names'])).code).toBe(0);
    }
  });

  it('a bare network id is refused with the printed spelling to use', async () => {
    t = openTestApp();
    const result = await cli(['failover', '--plan', 'Contoso Apps', '--type', 'test', '--network', 'net-s-test-vlan']);
    expect(result).toMatchObject({ code: 2, err: expect.stringMatching(/existing:net-s-test-vlan/) });
  });

  it.each([
    ['test', 'test-failover'],
    ['planned', 'planned-failover'],
    ['unplanned', 'unplanned-failover'],
    ['planned-failover', 'planned-failover'],
    ['reverse-replicate', 'reverse-replication'],
  ])('R1: preflight --operation %s is the %s that failover --type and the commands name', async (word, operation) => {
    t = openTestApp();
    const result = await cli(['preflight', '--item', 'APP02', '--operation', word, '--json']);
    expect(result.err).toBe('');
    const checks = (JSON.parse(result.out) as { checks: { ruleId: string; message: string }[] }).checks;
    const expected = await cli(['preflight', '--item', 'APP02', '--operation', operation, '--json']);
    expect(checks).toEqual((JSON.parse(expected.out) as { checks: unknown[] }).checks);
  });

  it('R5 R6: --recovery-point takes a kind of point by name; a planned failover refuses it with the reason', async () => {
    t = openTestApp();
    const planned = await cli(['preflight', '--item', 'APP02', '--operation', 'planned', '--recovery-point', 'latest']);
    expect(planned.code).toBe(3);
    expect(planned.out).toMatch(/FAIL\s+R5\s+APP02\s+A planned failover always fails over from the final synchronisation/);
    const unplanned = await cli(['failover', '--item', 'APP02', '--type', 'unplanned', '--recovery-point', 'latest-app-consistent', '--yes']);
    expect(unplanned).toMatchObject({ code: 0, err: '' });
  });

  it('R5: failover --type planned --recovery-point is refused with the reason and nothing is shut down', async () => {
    t = openTestApp();
    const refused = await cli(['failover', '--item', 'APP02', '--type', 'planned', '--recovery-point', 'latest-app-consistent', '--yes']);
    expect(refused).toMatchObject({ code: 3, err: expect.stringMatching(/A planned failover always fails over from the final synchronisation after the sources shut down/) });
    expect(t.app.lab.ops()).toEqual([]);
  });

  it('R15 R17: failback --recovery-point takes a kind of point (the final synchronisation) or the id of one point of one machine', async () => {
    t = openTestApp();
    const inAzure = (await t.app.lab.listRecoveryPoints('br-web01'))[0]!;
    const azure = await cli(['failback', '--item', 'BR-WEB01', '--recovery-point', inAzure.id, '--yes']);
    expect(azure).toMatchObject({ code: 3, err: expect.stringMatching(/keeps no recovery points there/) });
    const kind = await cli(['failback', '--plan', 'Branch return from Azure', '--sync', 'during', '--recovery-point', 'latest-processed', '--yes', '--json']);
    expect(kind).toMatchObject({ code: 0, err: '' });
    const older = [...(await t.app.lab.listRecoveryPoints('pay02'))].sort((a, b) => a.time.localeCompare(b.time))[0]!;
    const custom = await cli(['failback', '--item', 'PAY02', '--recovery-point', older.id, '--yes']);
    expect(custom).toMatchObject({ code: 0, err: '' });
    const job = t.app.jobs.list({ limit: 1 })[0]!;
    expect(t.app.jobs.get(job.id).summary?.items).toHaveProperty(['pay02', 'recoveryPointId'], older.id);
  });

  it('R4: certificates unbind of an unknown scope is NOT_FOUND, like bind', async () => {
    t = openTestApp();
    const unbind = await cli(['certificates', 'unbind', '--scope', 'vault-nowhere']);
    const bind = await cli(['certificates', 'bind', '--certificate', 'cert-x', '--scope', 'vault-nowhere']);
    expect(unbind).toMatchObject({ code: 2, err: expect.stringMatching(/^error \[NOT_FOUND\]: There is no cloud "vault-nowhere"/) });
    expect(bind.err).toMatch(/^error \[NOT_FOUND\]/);
    expect(await cli(['certificates', 'unbind', '--scope', 'vault-weu-encrypted'])).toMatchObject({ code: 0, out: 'there was no binding\n' });
  });

  it('R10: failover --type test --shutdown-source shuts the sources down before their copies start; other types refuse the option', async () => {
    t = openTestApp();
    const started = await cli(['failover', '--plan', 'Contoso Apps', '--type', 'test', '--network', 'existing:net-s-corp', '--shutdown-source']);
    expect(started).toMatchObject({ code: 0, err: '' });
    expect(t.app.estate().items.find((item) => item.id === 'app02')?.powerState).toBe('off');
    expect((await cli(['failover', '--plan', 'Contoso Apps', '--type', 'planned', '--shutdown-source'])).code).toBe(2);
  });
});
