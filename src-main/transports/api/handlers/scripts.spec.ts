import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../composition/app-context.ts';
import type { InputOf } from '../../../contract/index.ts';
import { hostileAddresses, hostileDnsNames } from '../../../domain/addns/hostile.ts';
import { PREPARATION_ACTION_ID } from '../../../domain/addns/preparation.ts';
import { fixedClock } from '../../../domain/time/clock.ts';
import { dispatch } from '../dispatch.ts';

let dir: string;
let app: AppContext;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fc-scripts-'));
  app = createAppContext({ dataDir: dir, clock: fixedClock('2026-11-29T20:00:00Z') });
});

afterEach(() => {
  app.close();
  rmSync(dir, { recursive: true, force: true });
});

const APPS: InputOf<'scripts:checklist'> = {
  planId: 'plan-apps',
  topology: 'same-vm',
  copyMethod: 'hyper-v-replication',
  zone: 'contoso.local',
  dnsServerName: 'DC01',
  dnsServerIp: '10.1.0.10',
  addressing: 'static',
};

async function ok<T>(channel: string, input: unknown): Promise<T> {
  const envelope = await dispatch(app, channel, input);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.result as T;
}

describe('scripts channels (wizard 5)', () => {
  it("scripts:context describes the lab's application plan with its members, addresses and suggestions", async () => {
    const { plans } = await ok<{ plans: { id: string; target: string; groups: { members: { id: string; addresses: { ip: string }[] }[] }[]; suggestions: unknown }[] }>('scripts:context', {});
    const apps = plans.find((plan) => plan.id === 'plan-apps');
    expect(apps?.target).toBe('secondary-site');
    expect(apps?.groups[0]?.members.map((member) => [member.id, member.addresses[0]?.ip])).toEqual([
      ['app02', '10.1.0.31'],
      ['app03', '10.1.0.32'],
    ]);
    expect(apps?.suggestions).toEqual({
      zone: 'contoso.local',
      topology: 'same-vm',
      dnsServerName: 'DC01',
      dnsServerIp: '10.1.0.10',
      adServerName: 'DC01',
      addressing: 'static',
      machineIds: ['app02', 'app03', 'file01'],
    });
    expect(plans.find((plan) => plan.id === 'plan-branch')?.target).toBe('azure');
  });

  it('R12 R18: scripts:plan-context gives each member its address in the chosen test network, and the checklist\'s script writes it', async () => {
    const testNetwork = { option: 'existing', networkId: 'net-s-test-vlan' } as const;
    type Members = { groups: { members: { id: string; addresses: { nicId: string; ip: string }[] }[] }[] };
    const context = await ok<Members>('scripts:plan-context', { planId: 'plan-apps', testNetwork });
    const members = context.groups.flatMap((group) => group.members);
    expect(members.find((member) => member.id === 'app02')?.addresses).toEqual([{ nicId: 'app02-nic0', ip: '10.1.0.200' }]);
    const production = await ok<{ plans: ({ id: string } & Members)[] }>('scripts:context', {});
    const before = production.plans.find((plan) => plan.id === 'plan-apps')?.groups.flatMap((group) => group.members);
    expect(before?.find((member) => member.id === 'app02')?.addresses[0]?.ip).toBe('10.1.0.31');
    const pack = await ok<{ files: { fileName: string; content: string }[] }>('scripts:checklist', { ...APPS, machineIds: ['app02'], testNetwork });
    const script = pack.files.find((file) => file.fileName === 'update-dns-records.ps1')?.content;
    expect(script).toContain("-Name 'APP02' -IP '10.1.0.200'");
  });

  it("R18: every lab plan gets its checklist and all three scripts, from the estate's suggestions or the operator's answers", async () => {
    const { plans } = await ok<{ plans: { id: string; suggestions: { zone: string | null; dnsServerName: string | null; dnsServerIp: string | null; topology: 'same-vm' | 'separate-vms'; addressing: 'dhcp' | 'wnv-pool' | 'static'; adServerName: string | null; machineIds: string[] } }[] }>('scripts:context', {});
    expect(plans.map((plan) => plan.id)).toEqual(app.estate().plans.map((plan) => plan.id));
    for (const plan of plans) {
      const suggested = plan.suggestions;
      const pack = await ok<{ files: { fileName: string }[] }>('scripts:checklist', {
        planId: plan.id,
        topology: suggested.topology,
        copyMethod: 'hyper-v-replication',
        zone: suggested.zone ?? 'contoso.com',
        dnsServerName: suggested.dnsServerName ?? 'DNS01',
        dnsServerIp: suggested.dnsServerIp ?? '10.9.0.10',
        ...(suggested.topology === 'separate-vms' ? { adServerName: suggested.adServerName ?? 'DC01' } : {}),
        addressing: suggested.machineIds.length > 0 ? suggested.addressing : 'dhcp',
      });
      const names = pack.files.map((file) => file.fileName);
      expect(names).toContain('create-test-dns-zone.cmd');
      expect(names).toContain('register-dc-dns-records.cmd');
      expect(names).toContain('ad-dns-checklist.html');
      if (suggested.machineIds.length > 0) expect(names).toContain('update-dns-records.ps1');
    }
    const branchReturn = plans.find((plan) => plan.id === 'plan-branch-return')?.suggestions;
    // From the IP plan: BR-DC01's configured Azure address (R13), not its on-premises 192.168.50.10.
    expect(branchReturn).toMatchObject({ dnsServerName: 'BR-DC01', dnsServerIp: '10.50.1.10' });
  });

  it('scripts:checklist returns the checklist, the .ps1 and .cmd scripts and the HTML page for plan-apps', async () => {
    const pack = await ok<{ files: { fileName: string }[]; records: unknown[]; text: string }>('scripts:checklist', APPS);
    expect(pack.files.map((file) => file.fileName)).toEqual(['update-dns-records.ps1', 'create-test-dns-zone.cmd', 'register-dc-dns-records.cmd', 'ad-dns-checklist.html']);
    expect(pack.records).toEqual([
      { name: 'APP02', ip: '10.1.0.31' },
      { name: 'APP03', ip: '10.1.0.32' },
      { name: 'FILE01', ip: '10.3.0.40' },
    ]);
  });

  it('scripts:checklist refuses a machine outside the plan, and one with no static address', async () => {
    const outside = await dispatch(app, 'scripts:checklist', { ...APPS, machineIds: ['sql01'] });
    expect(outside).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '"sql01" is not a machine of the plan Contoso Apps.' } });
    const core = await dispatch(app, 'scripts:checklist', { ...APPS, planId: 'plan-core', machineIds: ['web01'] });
    expect(core).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'WEB01 has no static test address; it registers itself in DNS through DHCP.' } });
  });

  it('an unknown plan is NOT_FOUND; a plan id that is no estate id is INVALID_INPUT and never echoed', async () => {
    expect(await dispatch(app, 'scripts:checklist', { ...APPS, planId: 'plan-nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const hostile = await dispatch(app, 'scripts:checklist', { ...APPS, planId: 'plan\n"; calc' });
    expect(hostile).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!hostile.ok) expect(hostile.error.message).not.toContain('calc');
    expect(await dispatch(app, 'scripts:checklist', { ...APPS, machineIds: ['APP02 & calc'] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('separate machines without the AD server name are refused with the reason', async () => {
    const envelope = await dispatch(app, 'scripts:checklist', { ...APPS, topology: 'separate-vms' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!envelope.ok) expect(envelope.error.message).toContain('adServerName: AD and DNS on separate machines needs the Active Directory server name.');
  });

  it('R18: scripts:add-to-plan puts the checklist before Group 1 of plan-apps as a manual action, once', async () => {
    const added = await ok<{ groupId: string; before: string[] }>('scripts:add-to-plan', APPS);
    expect(added).toMatchObject({ planId: 'plan-apps', groupId: 'g1', groupName: 'Group 1', action: { id: PREPARATION_ACTION_ID }, before: ['Prepare AD/DNS in the test network (R18)'] });
    const group = app.estate().plans.find((plan) => plan.id === 'plan-apps')?.groups[0];
    const action = group?.before[0];
    expect(action?.kind).toBe('manual');
    expect(action?.kind === 'manual' ? action.instructions : '').toContain('dnscmd /zoneadd "contoso.local" /Primary');
    const again = await dispatch(app, 'scripts:add-to-plan', APPS);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(app.estate().plans.find((plan) => plan.id === 'plan-apps')?.groups[0]?.before).toHaveLength(1);
  });

  it('an invalid value is refused before the handler: the plan is not changed', async () => {
    const envelope = await dispatch(app, 'scripts:add-to-plan', { ...APPS, zone: 'contoso.local & calc' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(app.estate().plans.find((plan) => plan.id === 'plan-apps')?.groups[0]?.before).toEqual([]);
  });

  it('scripts:dns-record, dns-zone and dsregdns return the named files', async () => {
    const record = await ok<{ fileName: string; content: string }>('scripts:dns-record', { zone: 'contoso.local', records: [{ name: 'APP02', ip: '10.1.0.31' }] });
    expect(record.fileName).toBe('update-dns-records.ps1');
    const zone = await ok<{ fileName: string; content: string }>('scripts:dns-zone', { zone: 'contoso.local', server: 'DC01', ip: '10.1.0.10' });
    expect(zone.content).toContain('/allowupdate 1');
    expect((await ok<{ content: string }>('scripts:dsregdns', {})).content).toContain('nltest /dsregdns');
  });

  it('fuzz through dispatch: hostile zones, names and addresses come back INVALID_INPUT with no script', async () => {
    await fc.assert(
      fc.asyncProperty(hostileDnsNames(), hostileDnsNames(), hostileAddresses(), fc.nat(2), async (zone, name, ip, which) => {
        const record = { zone: 'contoso.local', name: 'APP02', ip: '10.1.0.31' };
        if (which === 0) record.zone = zone;
        else if (which === 1) record.name = name;
        else record.ip = ip;
        const envelope = await dispatch(app, 'scripts:dns-record', { zone: record.zone, records: [{ name: record.name, ip: record.ip }] });
        expect(envelope.ok).toBe(false);
        if (!envelope.ok) expect(envelope.error.code).toBe('INVALID_INPUT');
        const checklist = await dispatch(app, 'scripts:checklist', { ...APPS, zone: which === 0 ? zone : APPS.zone, dnsServerName: which === 1 ? name : 'DC01', dnsServerIp: which === 2 ? ip : '10.1.0.10' });
        expect(checklist).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      }),
      { numRuns: 500 },
    );
  });
});
