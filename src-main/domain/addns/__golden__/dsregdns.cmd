@echo off
rem Failover Console: register the domain controller's records in the test DNS zone (R18, reference "Prepare Active Directory").
rem Run on the Active Directory machine in the isolated test network, after the zone exists and its resolver points at the test DNS server.
nltest /dsregdns || exit /b 1
