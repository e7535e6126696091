// Prints how long pre-flight takes on the lab estate and on a large generated estate (numbers, no assertions).
// Run: node scripts/bench-preflight.ts
import { defaultResourcesDir } from '../src-main/application/paths.ts';
import { loadLabEstate } from '../src-main/domain/estate/load-estate.ts';
import type { Estate } from '../src-main/domain/model/estate.ts';
import { OPERATION_KINDS, type OperationRequest } from '../src-main/domain/model/operation.ts';
import { preflight } from '../src-main/domain/rules/preflight.ts';
import { systemClock } from '../src-main/domain/time/clock.ts';

const context = { now: new Date(), certificate: null, busyItemIds: new Set<string>() };

function time(label: string, estate: Estate, requests: OperationRequest[], rounds: number): void {
  const started = process.hrtime.bigint();
  let checks = 0;
  for (let round = 0; round < rounds; round += 1) {
    for (const request of requests) checks += preflight(estate, request, context).length;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const calls = requests.length * rounds;
  console.log(`${label}: ${calls} pre-flights in ${ms.toFixed(0)} ms — ${(ms / calls).toFixed(3)} ms each, ${Math.round(checks / calls)} checks on average`);
}

const lab = loadLabEstate(defaultResourcesDir(), systemClock);
const labRequests = lab.plans.flatMap((plan) =>
  OPERATION_KINDS.map((operation): OperationRequest => ({ operation, scope: { planId: plan.id }, sync: 'before', direction: plan.id === 'plan-payroll' ? { sourceSiteId: plan.sourceSiteId, targetSiteId: plan.targetSiteId } : undefined })),
);
time('lab estate, every plan × every operation', lab, labRequests, 50);

// One plan of 2,000 machines on 40 subnets, primary → secondary (R13's whole-subnet test is the costly part).
const big = structuredClone(lab);
const template = big.items.find((i) => i.id === 'app02');
if (!template) throw new Error('lab has no app02');
const members: string[] = [];
for (let index = 0; index < 2_000; index += 1) {
  const id = `gen-${index}`;
  members.push(id);
  const subnet = `10.100.${index % 40}.0/24`;
  big.items.push({ ...structuredClone(template), id, name: id.toUpperCase(), nics: [{ id: `${id}-nic0`, networkId: 'net-p-corp', subnet, addressing: 'static', ip: `10.100.${index % 40}.${(index % 200) + 10}` }] });
}
big.plans.push({ id: 'plan-big', name: 'Big', description: '', sourceSiteId: 'site-primary', targetSiteId: 'site-secondary', groups: [{ id: 'g1', name: 'Group 1', members, before: [], after: [] }] });
time('2,000-machine plan, planned failover', big, [{ operation: 'planned-failover', scope: { planId: 'plan-big' } }], 5);
time('2,000-machine plan, test failover (existing VLAN network)', big, [{ operation: 'test-failover', scope: { planId: 'plan-big' }, testNetwork: { option: 'existing', networkId: 'net-s-test-vlan' } }], 5);
