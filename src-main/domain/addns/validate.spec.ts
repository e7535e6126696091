import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.ts';
import { buildChecklist, type ChecklistInput } from './checklist.ts';
import { dnsRecordScript } from './dns-record-script.ts';
import { dnsZoneScript } from './dns-zone-script.ts';
import { hostileAddresses, hostileDnsNames } from './hostile.ts';
import { validateDnsName, validateHostLabel, validateIpv4 } from './validate.ts';

// At least 10,000 hostile strings per parameter: no input may inject a command into a generated script.
const RUNS = { numRuns: 10_000 };

/** The generator must refuse with INVALID_INPUT and a reason free of control characters. */
function expectRefused(generate: () => unknown): void {
  try {
    generate();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    // eslint-disable-next-line no-control-regex -- the point is that none reach the operator's terminal.
    expect((error as AppError).message).not.toMatch(/[\u0000-\u001f\u007f-\uffff]/);
    return;
  }
  throw new Error('a hostile value reached a script');
}

const BASE_CHECKLIST: ChecklistInput = {
  planName: 'Contoso Apps',
  target: 'secondary-site',
  topology: 'separate-vms',
  copyMethod: 'hyper-v-replication',
  zone: 'contoso.com',
  dnsServer: { name: 'DNS01', ip: '10.1.0.11' },
  adServerName: 'DC01',
  addressing: 'static',
  records: [{ name: 'APP02', ip: '10.1.0.31' }],
};

describe('validation of DNS names and addresses', () => {
  it.each([
    ['contoso.com'],
    ['corp.contoso.com'],
    ['APP02'],
    ['a'],
    ['x-1.b-2.c'],
    [`${'a'.repeat(63)}.com`],
    [Array.from({ length: 4 }, (_, index) => (index === 3 ? 'a'.repeat(61) : 'a'.repeat(63))).join('.')],
  ])('accepts the DNS name %s', (name) => {
    expect(validateDnsName(name, 'The zone')).toEqual({ ok: true, value: name });
  });

  it.each([
    ['', /is empty/],
    ['contoso.com.', /empty label/],
    ['.contoso.com', /empty label/],
    ['contoso..com', /empty label/],
    ['-contoso.com', /hyphen/],
    ['contoso-.com', /label 1 starts or ends with a hyphen/],
    [`${'a'.repeat(64)}.com`, /label 1 is 64 characters long/],
    ['a'.repeat(254), /254 characters long/],
    ['cont\u043eso.com', /U\+043E at position 5/],
    ['contoso.com;calc', /";" \(U\+003B\) at position 12/],
    ['app 02', /U\+0020 at position 4/],
    ['app\n02', /U\+000A/],
    ['app\u000002', /U\+0000/],
    ['under_score', /"_"/],
  ])('refuses the DNS name %j with its reason', (name, reason) => {
    const result = validateDnsName(name, 'The zone');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('refuses a value that is not text', () => {
    expect(validateDnsName(42, 'The zone')).toEqual({ ok: false, reason: 'The zone must be text.' });
    expect(validateIpv4(null, 'The address')).toEqual({ ok: false, reason: 'The address must be text.' });
  });

  it('a host label is one DNS label', () => {
    expect(validateHostLabel('DC01', 'The server').ok).toBe(true);
    expect(validateHostLabel('dc01.contoso.com', 'The server')).toEqual({ ok: false, reason: 'The server must be a single label (a computer name without dots).' });
  });

  it.each([['10.1.0.31'], ['192.168.50.10'], ['172.20.0.51'], ['1.0.0.0'], ['223.255.255.254']])('accepts the address %s', (ip) => {
    expect(validateIpv4(ip, 'The address')).toEqual({ ok: true, value: ip });
  });

  it.each([
    ['10.1.0', /four numbers/],
    ['10.1.0.31.5', /four numbers/],
    ['10.1.0.256', /greater than 255/],
    ['10.01.0.1', /leading zero/],
    ['0x0a.1.0.1', /part 1 is not a number/],
    ['10.1.0.-1', /part 4 is not a number/],
    ['10.1.0.1 ', /part 4 is not a number/],
    ['0.0.0.0', /0\.0\.0\.0\/8/],
    ['127.0.0.1', /loopback/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['1\uff10.1.0.1', /part 1 is not a number/],
    ['1234567890123456', /too long/],
  ])('refuses the address %j with its reason', (ip, reason) => {
    const result = validateIpv4(ip, 'The address');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('every valid DNS name passes and is emitted single-quoted, unchanged, in the PowerShell script', () => {
    const label = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,20}[A-Za-z0-9])?$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), fc.array(label, { minLength: 1, maxLength: 2 }), (zoneLabels, hostLabels) => {
        const zone = zoneLabels.join('.');
        const name = hostLabels.join('.');
        const script = dnsRecordScript({ zone, records: [{ name, ip: '10.1.0.31' }] });
        expect(script).toContain(`-Zone '${zone}' -Name '${name}' -IP '10.1.0.31'`);
      }),
      { numRuns: 2_000 },
    );
  });

  it('every valid zone, server and address is emitted double-quoted, unchanged, in the dnscmd script', () => {
    const label = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,20}[A-Za-z0-9])?$/);
    const address = fc
      .tuple(fc.integer({ min: 1, max: 223 }).filter((first) => first !== 127), fc.nat(255), fc.nat(255), fc.nat(255))
      .map((octets) => octets.join('.'));
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), label, address, (zoneLabels, server, ip) => {
        const zone = zoneLabels.join('.');
        expect(validateIpv4(ip, 'The address').ok).toBe(true);
        const script = dnsZoneScript({ zone, server, ip });
        expect(script).toContain(`dnscmd /recordadd "${zone}" "${server}" A "${ip}" || exit /b 1`);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('fuzz: no hostile value reaches a script (10,000 per parameter)', () => {
  it('DNS record script: zone', () => {
    fc.assert(fc.property(hostileDnsNames(), (zone) => expectRefused(() => dnsRecordScript({ zone, records: [{ name: 'APP02', ip: '10.1.0.31' }] }))), RUNS);
  });

  it('DNS record script: host name', () => {
    fc.assert(fc.property(hostileDnsNames(), (name) => expectRefused(() => dnsRecordScript({ zone: 'contoso.com', records: [{ name, ip: '10.1.0.31' }] }))), RUNS);
  });

  it('DNS record script: address', () => {
    fc.assert(fc.property(hostileAddresses(), (ip) => expectRefused(() => dnsRecordScript({ zone: 'contoso.com', records: [{ name: 'APP02', ip }] }))), RUNS);
  });

  it('DNS zone script: zone', () => {
    fc.assert(fc.property(hostileDnsNames(), (zone) => expectRefused(() => dnsZoneScript({ zone, server: 'DC01', ip: '10.1.0.10' }))), RUNS);
  });

  it('DNS zone script: server name', () => {
    fc.assert(fc.property(hostileDnsNames(), (server) => expectRefused(() => dnsZoneScript({ zone: 'contoso.com', server, ip: '10.1.0.10' }))), RUNS);
  });

  it('DNS zone script: server address', () => {
    fc.assert(fc.property(hostileAddresses(), (ip) => expectRefused(() => dnsZoneScript({ zone: 'contoso.com', server: 'DC01', ip }))), RUNS);
  });

  it('checklist: Active Directory server name', () => {
    fc.assert(fc.property(hostileDnsNames(), (adServerName) => expectRefused(() => buildChecklist({ ...BASE_CHECKLIST, adServerName }))), RUNS);
  });

  it('checklist: test DNS server address (it is written into the resolver command)', () => {
    fc.assert(fc.property(hostileAddresses(), (ip) => expectRefused(() => buildChecklist({ ...BASE_CHECKLIST, dnsServer: { name: 'DNS01', ip } }))), RUNS);
  });
});
