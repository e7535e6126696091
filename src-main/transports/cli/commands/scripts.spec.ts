import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../composition/app-context.ts';
import { fixedClock } from '../../../domain/time/clock.ts';
import { runCli } from '../run.ts';

let dir: string;
let app: AppContext;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fc-cli-scripts-'));
  app = createAppContext({ dataDir: join(dir, 'data'), clock: fixedClock('2026-11-29T20:00:00Z') });
});

afterEach(() => {
  app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { app, io: { out: (text) => (out += text), err: (text) => (err += text), readStdin: async () => '' } });
  return { code, out, err };
}

describe('npm run cli -- scripts … (R18 AD/DNS preparation from the CLI)', () => {
  it('scripts dns-record prints the clone-and-set PowerShell for one machine', async () => {
    const result = await cli('scripts', 'dns-record', '--zone', 'contoso.local', '--name', 'APP02', '--ip', '10.1.0.31');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain("Update-TestDnsRecord -Zone 'contoso.local' -Name 'APP02' -IP '10.1.0.31'");
  });

  it('scripts dns-zone prints the dnscmd script', async () => {
    const result = await cli('scripts', 'dns-zone', '--zone', 'contoso.local', '--server', 'DC01', '--ip', '10.1.0.10');
    expect(result.code).toBe(0);
    expect(result.out).toContain('dnscmd /config "contoso.local" /allowupdate 1');
  });

  it('scripts dsregdns writes register-dc-dns-records.cmd with --out', async () => {
    const out = join(dir, 'out');
    const result = await cli('scripts', 'dsregdns', '--out', out);
    expect(result.code).toBe(0);
    expect(result.out).toBe(`wrote ${join(out, 'register-dc-dns-records.cmd')}\n`);
    expect(readFileSync(join(out, 'register-dc-dns-records.cmd'), 'utf8')).toContain('nltest /dsregdns');
  });

  it.each([
    [['--zone', 'contoso.local;calc', '--name', 'APP02', '--ip', '10.1.0.31'], /zone: The zone has ";" \(U\+003B\) at position 14/],
    [['--zone', 'contoso.local', '--name', '$(calc)', '--ip', '10.1.0.31'], /The host name has "\$" \(U\+0024\) at position 1/],
    [['--zone', 'contoso.local', '--name', 'APP02', '--ip', '10.1.0.31|calc'], /The address is not an IPv4 address/],
    [['--zone', 'contoso.local', '--name', 'APP02'], /--ip is required/],
  ])('exit 2 with the reason on stderr and nothing on stdout: %j', async (args, reason) => {
    const result = await cli('scripts', 'dns-record', ...args);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(reason);
  });

  it('scripts dns-zone with a hostile server name exits 2 and writes no file', async () => {
    const out = join(dir, 'out');
    const result = await cli('scripts', 'dns-zone', '--zone', 'contoso.local', '--server', 'DC01%COMPUTERNAME%', '--ip', '10.1.0.10', '--out', out);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^error \[INVALID_INPUT\]: .*"%" \(U\+0025\) at position 5/);
    expect(() => readdirSync(out)).toThrow();
  });

  it('R18: scripts checklist --plan "Contoso Apps" prints the checklist and its scripts with defaults from the estate', async () => {
    const result = await cli('scripts', 'checklist', '--plan', 'Contoso Apps');
    expect(result.code).toBe(0);
    expect(result.out).toContain('AD/DNS preparation for a test failover of Contoso Apps');
    expect(result.out).toContain('--- update-dns-records.ps1 ---');
    expect(result.out).toContain('--- create-test-dns-zone.cmd ---');
    expect(result.out).toContain('--- register-dc-dns-records.cmd ---');
  });

  it('R12 R18: scripts checklist --network writes each record at the address of the chosen test network', async () => {
    const result = await cli('scripts', 'checklist', '--plan', 'Contoso Apps', '--network', 'existing:net-s-test-wnv', '--machine', 'app02');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain("-Name 'APP02' -IP '10.3.0.150'");
    expect(result.out).not.toContain('10.1.0.31');
  });

  it('scripts checklist --out writes the .ps1, the .cmd files and the HTML checklist', async () => {
    const out = join(dir, 'files');
    const result = await cli('scripts', 'checklist', '--plan', 'plan-apps', '--topology', 'separate-vms', '--ad-server', 'DC01', '--dns-server', 'DNS01', '--dns-ip', '10.1.0.11', '--copy-method', 'export-import-new-guid', '--zone', 'contoso.com', '--machine', 'app02', '--out', out);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(readdirSync(out).sort()).toEqual(['ad-dns-checklist.html', 'create-test-dns-zone.cmd', 'register-dc-dns-records.cmd', 'update-dns-records.ps1']);
    expect(readFileSync(join(out, 'update-dns-records.ps1'), 'utf8')).toContain("-Zone 'contoso.com' -Name 'APP02' -IP '10.1.0.31'");
    expect(readFileSync(join(out, 'ad-dns-checklist.html'), 'utf8')).toContain('Point the resolver of the Active Directory machine DC01 at the test DNS server 10.1.0.11');
  });

  it('scripts checklist: an unknown plan or an invalid topology exits 2', async () => {
    expect((await cli('scripts', 'checklist', '--plan', 'Nope')).code).toBe(2);
    const topology = await cli('scripts', 'checklist', '--plan', 'plan-apps', '--topology', 'one-box');
    expect(topology.code).toBe(2);
    expect(topology.err).toContain('topology');
  });

  it('scripts checklist asks for what the estate cannot suggest (exit 2)', async () => {
    const zone = await cli('scripts', 'checklist', '--plan', 'plan-vmware');
    expect(zone.code).toBe(2);
    expect(zone.err).toContain('--zone is required');
    const dns = await cli('scripts', 'checklist', '--plan', 'plan-vmware', '--zone', 'contoso.com');
    expect(dns.code).toBe(2);
    expect(dns.err).toContain('--dns-server and --dns-ip are required');
    const given = await cli('scripts', 'checklist', '--plan', 'plan-vmware', '--zone', 'contoso.com', '--dns-server', 'DNS01', '--dns-ip', '172.20.0.10');
    expect(given.code).toBe(0);
    // The IP plan's address in Azure: the configured target IP (R13), not the on-premises one.
    expect(given.out).toContain("Update-TestDnsRecord -Zone 'contoso.com' -Name 'VMW-WEB01' -IP '10.50.1.51'");
    // VMW-APP01 has no configured Azure IP: Azure assigns one, noted after the failover (no record prepared).
    expect(given.out).not.toContain("-Name 'VMW-APP01'");
    expect(given.out).toContain('Azure: fail over Active Directory and DNS first');
  });

  it('scripts checklist --json gives the package', async () => {
    const result = await cli('scripts', 'checklist', '--plan', 'plan-apps', '--json');
    expect(JSON.parse(result.out)).toMatchObject({ planId: 'plan-apps', records: [{ name: 'APP02' }, { name: 'APP03' }, { name: 'FILE01' }] });
  });

  it('R18: scripts add-to-plan adds the manual action before Group 1, and refuses a second one', async () => {
    const result = await cli('scripts', 'add-to-plan', '--plan', 'plan-apps');
    expect(result).toMatchObject({ code: 0, out: 'added "Prepare AD/DNS in the test network (R18)" before Group 1 of plan-apps\n' });
    const again = await cli('scripts', 'add-to-plan', '--plan', 'plan-apps');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^error \[CONFLICT\]/);
  });
});
