@echo off
rem Failover Console: create the test DNS zone (R18, reference "Prepare DNS" - Add zone).
rem Run on the test DNS server inside the isolated test network, before any other machine of the plan starts.
setlocal DisableDelayedExpansion
dnscmd /zoneadd "contoso.com" /Primary /file "contoso.com.dns" || exit /b 1
dnscmd /recordadd "contoso.com" "contoso.com." SOA "DC01.contoso.com." hostmaster. 1 15 10 1 1 || exit /b 1
dnscmd /recordadd "contoso.com" "DC01" A "10.1.0.10" || exit /b 1
dnscmd /config "contoso.com" /allowupdate 1 || exit /b 1
endlocal
