// R18, reference "Prepare DNS" → Add zone: create the forest root zone on the test DNS server,
// file-backed, give the server its own SOA and A records and allow secure and non-secure updates.
import { cmdQuote, required } from './quoting.ts';
import { validateDnsName, validateHostLabel, validateIpv4 } from './validate.ts';

export interface DnsZoneScriptInput {
  /** The forest root name (`contoso.com`): the zone must be named after it. */
  zone: string;
  /** The test DNS server's computer name (the reference's %computername%). */
  server: string;
  /** The test DNS server's address in the test network. */
  ip: string;
}

export const DNS_ZONE_FILE_NAME = 'create-test-dns-zone.cmd';

export function dnsZoneScript(input: DnsZoneScriptInput): string {
  const zone = required(validateDnsName(input.zone, 'The zone'));
  const server = required(validateHostLabel(input.server, 'The DNS server name'));
  const ip = required(validateIpv4(input.ip, 'The DNS server address'));
  const fqdn = required(validateDnsName(`${server}.${zone}`, 'The DNS server name with the zone'));
  // Each dnscmd stops the script on failure: a half-made zone must not look ready.
  const run = (args: string) => `dnscmd ${args} || exit /b 1`;
  return [
    '@echo off',
    'rem Failover Console: create the test DNS zone (R18, reference "Prepare DNS" - Add zone).',
    'rem Run on the test DNS server inside the isolated test network, before any other machine of the plan starts.',
    'setlocal DisableDelayedExpansion',
    // A /Primary zone without /DsPrimary is file-backed, as the reference requires.
    run(`/zoneadd ${cmdQuote(zone)} /Primary /file ${cmdQuote(`${zone}.dns`)}`),
    run(`/recordadd ${cmdQuote(zone)} ${cmdQuote(`${zone}.`)} SOA ${cmdQuote(`${fqdn}.`)} hostmaster. 1 15 10 1 1`),
    run(`/recordadd ${cmdQuote(zone)} ${cmdQuote(server)} A ${cmdQuote(ip)}`),
    // 1 = secure and non-secure dynamic updates.
    run(`/config ${cmdQuote(zone)} /allowupdate 1`),
    'endlocal',
    '',
  ].join('\r\n');
}
