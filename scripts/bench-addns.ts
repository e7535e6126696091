// Prints how fast the AD/DNS generators (R18's preparation scripts) validate and generate, so a regression shows as a
// number (docs/performance.md).
// `node scripts/bench-addns.ts`
import fc from 'fast-check';
import { loadLabEstate } from '../src-main/domain/estate/load-estate.ts';
import { hostileAddresses, hostileDnsNames } from '../src-main/domain/addns/hostile.ts';
import { preparePackage } from '../src-main/domain/addns/preparation.ts';
import { validateDnsName, validateIpv4 } from '../src-main/domain/addns/validate.ts';
import { defaultResourcesDir } from '../src-main/application/paths.ts';
import { systemClock } from '../src-main/domain/time/clock.ts';

function rate(label: string, count: number, work: () => void): void {
  const start = performance.now();
  work();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(44)} ${count.toLocaleString('en').padStart(8)} in ${ms.toFixed(1).padStart(7)} ms  (${Math.round((count / ms) * 1000).toLocaleString('en')}/s)`);
}

const names = fc.sample(hostileDnsNames(), 20_000);
const addresses = fc.sample(hostileAddresses(), 20_000);
rate('validate hostile DNS names (all refused)', names.length, () => {
  for (const name of names) if (validateDnsName(name, 'zone').ok) throw new Error('a hostile name passed');
});
rate('validate hostile addresses (all refused)', addresses.length, () => {
  for (const address of addresses) if (validateIpv4(address, 'ip').ok) throw new Error('a hostile address passed');
});
const estate = loadLabEstate(defaultResourcesDir(), systemClock);
const request = { planId: 'plan-apps', topology: 'same-vm', copyMethod: 'hyper-v-replication', zone: 'contoso.local', dnsServerName: 'DC01', dnsServerIp: '10.1.0.10', addressing: 'static' } as const;
rate('plan-apps checklist + 3 scripts + HTML', 2_000, () => {
  for (let run = 0; run < 2_000; run += 1) preparePackage(estate, request);
});
