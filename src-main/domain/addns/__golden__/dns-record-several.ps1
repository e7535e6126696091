# Failover Console: update DNS with the addresses of the test machines (R18, reference "Prepare DNS").
# Run on the test DNS server inside the isolated test network, after its zone exists.
$ErrorActionPreference = 'Stop'

function Update-TestDnsRecord {
  Param(
    [string]$Zone,
    [string]$Name,
    [string]$IP
  )
  $Record = Get-DnsServerResourceRecord -ZoneName $Zone -Name $Name -RRType A
  $NewRecord = $Record.Clone()
  $NewRecord.RecordData[0].IPv4Address = [System.Net.IPAddress]::Parse($IP)
  Set-DnsServerResourceRecord -ZoneName $Zone -OldInputObject $Record -NewInputObject $NewRecord
}

Update-TestDnsRecord -Zone 'corp.contoso.com' -Name 'APP02' -IP '10.1.0.31'
Update-TestDnsRecord -Zone 'corp.contoso.com' -Name 'APP03' -IP '10.1.0.32'
Update-TestDnsRecord -Zone 'corp.contoso.com' -Name 'web.eu' -IP '172.20.0.51'
