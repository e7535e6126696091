import { describe, expect, it } from 'vitest';
import { dnsRecordScript } from './dns-record-script.ts';
import { dnsZoneScript } from './dns-zone-script.ts';
import { dsregdnsScript } from './dsregdns.ts';
import { golden } from './golden.ts';
import { cmdQuote, powershellQuote } from './quoting.ts';

describe('DNS record update script (reference "Prepare DNS", static address)', () => {
  it('R18: one record is updated with the clone-and-set pattern and single-quoted values', () => {
    const script = dnsRecordScript({ zone: 'contoso.com', records: [{ name: 'APP02', ip: '10.1.0.31' }] });
    expect(script).toBe(golden('dns-record-single.ps1', script));
    expect(script).toContain('Get-DnsServerResourceRecord -ZoneName $Zone -Name $Name -RRType A');
    expect(script).toContain('$NewRecord = $Record.Clone()');
    expect(script).toContain('Set-DnsServerResourceRecord -ZoneName $Zone -OldInputObject $Record -NewInputObject $NewRecord');
    expect(script).toContain("Update-TestDnsRecord -Zone 'contoso.com' -Name 'APP02' -IP '10.1.0.31'");
  });

  it('R18: several machines give one call each, in the order given', () => {
    const script = dnsRecordScript({
      zone: 'corp.contoso.com',
      records: [
        { name: 'APP02', ip: '10.1.0.31' },
        { name: 'APP03', ip: '10.1.0.32' },
        { name: 'web.eu', ip: '172.20.0.51' },
      ],
    });
    expect(script).toBe(golden('dns-record-several.ps1', script));
    expect(script.match(/^Update-TestDnsRecord /gm)).toHaveLength(3);
  });

  it('refuses an empty list of records instead of emitting a script that does nothing', () => {
    expect(() => dnsRecordScript({ zone: 'contoso.com', records: [] })).toThrow(/no machine/);
  });

  it('refuses an invalid value with its reason and emits nothing', () => {
    expect(() => dnsRecordScript({ zone: 'contoso.com', records: [{ name: "x'; Remove-Item C:\\ -Recurse; '", ip: '10.1.0.31' }] })).toThrow(
      /position 2.*only ASCII letters/,
    );
    expect(() => dnsRecordScript({ zone: 'contoso.com', records: [{ name: 'app02', ip: '10.1.0.300' }] })).toThrow(/greater than 255/);
  });
});

describe('test DNS zone script (reference "Prepare DNS", Add zone)', () => {
  it('R18: creates the file-backed primary zone, its SOA and A records, and allows non-secure updates', () => {
    const script = dnsZoneScript({ zone: 'contoso.com', server: 'DC01', ip: '10.1.0.10' });
    expect(script).toBe(golden('dns-zone.cmd', script));
    expect(script).toContain('dnscmd /zoneadd "contoso.com" /Primary /file "contoso.com.dns" || exit /b 1');
    expect(script).toContain('dnscmd /recordadd "contoso.com" "contoso.com." SOA "DC01.contoso.com." hostmaster. 1 15 10 1 1 || exit /b 1');
    expect(script).toContain('dnscmd /recordadd "contoso.com" "DC01" A "10.1.0.10" || exit /b 1');
    expect(script).toContain('dnscmd /config "contoso.com" /allowupdate 1 || exit /b 1');
    expect(script).not.toContain('%');
  });

  it('refuses a server name with dots (it is the computer name inside the zone)', () => {
    expect(() => dnsZoneScript({ zone: 'contoso.com', server: 'dc01.contoso.com', ip: '10.1.0.10' })).toThrow(/single label/);
  });

  it('refuses a server name that makes the full name longer than 253 characters', () => {
    const zone = Array.from({ length: 4 }, () => 'a'.repeat(62)).join('.');
    expect(zone.length).toBe(251);
    expect(() => dnsZoneScript({ zone, server: 'dc01', ip: '10.1.0.10' })).toThrow(/with the zone is 256 characters/);
  });
});

describe('nltest /dsregdns (reference "Prepare Active Directory" step 4)', () => {
  it('R18: registers the domain controller records and stops on failure', () => {
    const script = dsregdnsScript();
    expect(script).toBe(golden('dsregdns.cmd', script));
    expect(script).toContain('nltest /dsregdns || exit /b 1');
  });
});

describe('shell quoting of valid values', () => {
  it('PowerShell: single quotes, typographic ones included, are doubled inside a verbatim string', () => {
    expect(powershellQuote('contoso.com')).toBe("'contoso.com'");
    expect(powershellQuote("o'brien")).toBe("'o''brien'");
    expect(powershellQuote('a\u2019b')).toBe("'a\u2019\u2019b'");
    expect(powershellQuote('$(calc)')).toBe("'$(calc)'");
  });

  it('cmd: values are double-quoted, and those cmd cannot quote safely are refused', () => {
    expect(cmdQuote('contoso.com')).toBe('"contoso.com"');
    for (const value of ['a"b', '%PATH%', '!x!', 'a^b', 'a\r\nb', 'a\0b']) expect(() => cmdQuote(value)).toThrow(/cannot quote/);
  });
});
