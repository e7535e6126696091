// R18, reference "Prepare DNS" → Static address: the clone-and-set sample script that points a
// machine's A record at its test address, generated for each machine with validated, quoted values.
import { powershellQuote, required } from './quoting.ts';
import { validateDnsName, validateIpv4 } from './validate.ts';

export interface DnsRecordUpdate {
  /** The host name relative to the zone (`app02`). */
  name: string;
  ip: string;
}

export interface DnsRecordScriptInput {
  zone: string;
  records: readonly DnsRecordUpdate[];
}

export const DNS_RECORD_FILE_NAME = 'update-dns-records.ps1';

/** The reference's sample (Get-DnsServerResourceRecord, Clone, Set-DnsServerResourceRecord) as a function. */
const FUNCTION_BODY = [
  'function Update-TestDnsRecord {',
  '  Param(',
  '    [string]$Zone,',
  '    [string]$Name,',
  '    [string]$IP',
  '  )',
  '  $Record = Get-DnsServerResourceRecord -ZoneName $Zone -Name $Name -RRType A',
  '  $NewRecord = $Record.Clone()',
  '  $NewRecord.RecordData[0].IPv4Address = [System.Net.IPAddress]::Parse($IP)',
  '  Set-DnsServerResourceRecord -ZoneName $Zone -OldInputObject $Record -NewInputObject $NewRecord',
  '}',
];

export function dnsRecordScript(input: DnsRecordScriptInput): string {
  const zone = required(validateDnsName(input.zone, 'The zone'));
  if (input.records.length === 0) required({ ok: false, reason: 'There is no machine whose DNS record to update.' });
  const calls = input.records.map((record, index) => {
    const name = required(validateDnsName(record.name, `The host name of record ${index + 1}`));
    const ip = required(validateIpv4(record.ip, `The address of record ${index + 1}`));
    return `Update-TestDnsRecord -Zone ${powershellQuote(zone)} -Name ${powershellQuote(name)} -IP ${powershellQuote(ip)}`;
  });
  return [
    '# Failover Console: update DNS with the addresses of the test machines (R18, reference "Prepare DNS").',
    '# Run on the test DNS server inside the isolated test network, after its zone exists.',
    "$ErrorActionPreference = 'Stop'",
    '',
    ...FUNCTION_BODY,
    '',
    ...calls,
    '',
  ].join('\r\n');
}
