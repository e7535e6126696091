// R18, reference "Prepare Active Directory" step 4: re-register the domain controller's DNS records
// in the test zone. It takes no parameter, so nothing can be injected.
export const DSREGDNS_FILE_NAME = 'register-dc-dns-records.cmd';

export function dsregdnsScript(): string {
  return [
    '@echo off',
    'rem Failover Console: register the domain controller\'s records in the test DNS zone (R18, reference "Prepare Active Directory").',
    'rem Run on the Active Directory machine in the isolated test network, after the zone exists and its resolver points at the test DNS server.',
    'nltest /dsregdns || exit /b 1',
    '',
  ].join('\r\n');
}
