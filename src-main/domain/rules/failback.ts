// R15: failback from Azure — synchronise "before the failover" (recommended after a month or more in Azure)
// or "during failover only". R16: failback to an alternate location, only between a Hyper-V site and Azure;
// the host needs a virtual switch named like the original's. R17: failback from a secondary site is a planned
// failover secondary → primary, then reverse replication.
import type { Estate, ProtectedItem, Site } from '../model/estate.ts';
import type { Check, CheckSubject, OperationKind, OperationRequest } from '../model/operation.ts';
import { age, check, DAY_MS, itemSubject, names } from './check.ts';
import { findHost, findHostOrNull } from './lookup.ts';
import { isAway } from './participants.ts';

export const LONG_STAY_DAYS = 30;

/** R15: the reference fails back from Azure with a planned failover, so one out of Azure runs as a failback. */
export function isFailback(operation: OperationKind, source: Site): boolean {
  return operation === 'failback' || (operation === 'planned-failover' && source.kind === 'azure');
}

export type FailbackKind = 'from-azure' | 'from-secondary' | 'nothing';

/** Where the members fail back from: Azure (R15/R16), a secondary site (R17), or they already run at home. */
export function failbackKind(estate: Estate, source: Site, movers: readonly ProtectedItem[]): FailbackKind {
  // Judged from where the machines run and which site is their home (never from the replication direction).
  if (movers.length === 0 || !movers.some(isAway)) return 'nothing';
  return source.kind === 'azure' ? 'from-azure' : 'from-secondary';
}

/** R15: `before` after 30+ days in Azure (or when the VM must be rebuilt elsewhere, R16), `during` otherwise. */
export function recommendedSync(items: readonly ProtectedItem[], now: Date, alternateLocation: boolean): { sync: 'before' | 'during'; why: string } {
  if (alternateLocation) return { sync: 'before', why: 'a failback to an alternate location copies the whole machine' };
  const stays = items.map((item) => (item.lastFailover ? now.getTime() - Date.parse(item.lastFailover.at) : Number.POSITIVE_INFINITY));
  const longest = Math.max(...stays);
  if (!Number.isFinite(longest)) return { sync: 'before', why: 'the time spent in Azure is not recorded' };
  if (longest >= LONG_STAY_DAYS * DAY_MS) return { sync: 'before', why: `the machines have run in Azure for ${age(longest)} (a month or more)` };
  return { sync: 'during', why: `the machines have run in Azure for only ${age(longest)}` };
}

export function syncChecks(items: readonly ProtectedItem[], request: OperationRequest, now: Date, subject: CheckSubject): Check[] {
  const recommendation = recommendedSync(items, now, request.alternateHostId !== undefined);
  const words = { before: 'synchronise the data before the failover', during: 'synchronise the data during failover only' } as const;
  const then = { before: ' The job waits for Complete Failover before it shuts the Azure machines down.', during: '' } as const;
  // Not chosen: the recommendation applies (the CLI's --sync is optional); a warning says which and why.
  if (!request.sync) {
    return [check('R15', 'warn', subject, `No data synchronisation was chosen, so the failback will ${words[recommendation.sync]}, as recommended because ${recommendation.why}.${then[recommendation.sync]} Choose the other option to override.`)];
  }
  if (request.sync === recommendation.sync) {
    return [check('R15', 'pass', subject, `The failback will ${words[request.sync]}, as recommended because ${recommendation.why}.${then[request.sync]}`)];
  }
  return [check('R15', 'warn', subject, `The failback will ${words[request.sync]}, but ${words[recommendation.sync]} is recommended because ${recommendation.why}.${then[request.sync]}`)];
}

/** R16: the alternate host, its virtual switches and "create the VM if it does not exist". */
export function alternateLocationChecks(estate: Estate, items: readonly ProtectedItem[], source: Site, target: Site, request: OperationRequest, subject: CheckSubject): Check[] {
  if (request.alternateHostId === undefined) {
    return target.reachable ? [] : [check('R16', 'fail', subject, `${target.name} is not reachable: fail back to an alternate location (a new Hyper-V host) instead, or wait for the site.`)];
  }
  const { site: hostSite, host } = findHost(estate, request.alternateHostId);
  const hostSubject: CheckSubject = { kind: 'host', id: host.id, name: host.name };
  if (!(source.kind === 'azure' && target.kind === 'hyperv')) {
    return [check('R16', 'fail', hostSubject, `A failback to an alternate location exists only from Azure to a Hyper-V site, not from ${source.name} to ${target.name}: fail back to the original location.`)];
  }
  if (hostSite.id !== target.id) {
    return [check('R16', 'fail', hostSubject, `${host.name} is at ${hostSite.name}, not at ${target.name}: choose a host of ${target.name}.`)];
  }
  const checks: Check[] = [];
  for (const item of items) {
    const original = findHostOrNull(estate, item.hostId);
    const wanted = original?.virtualSwitches ?? [];
    const match = wanted.find((name) => host.virtualSwitches.includes(name));
    if (wanted.length === 0) {
      checks.push(check('R16', 'warn', itemSubject(item), `The original host of ${item.name} is not recorded: make sure ${host.name} has a virtual switch named like the original one.`));
    } else if (match) {
      checks.push(check('R16', 'pass', itemSubject(item), `${host.name} has the virtual switch "${match}" that ${item.name} used on ${original?.name ?? 'its original host'}.`));
    } else {
      checks.push(check('R16', 'fail', itemSubject(item), `${host.name} has no virtual switch named ${names(wanted.map((w) => `"${w}"`))} like ${original?.name ?? 'the original host'}: create a virtual switch with that name on ${host.name}, then fail back.`));
    }
    if (item.hostId !== host.id && request.createVmIfMissing !== true) {
      checks.push(check('R16', 'fail', itemSubject(item), `${item.name} does not exist on ${host.name}: select "Create the on-premises virtual machine if it does not exist".`));
    }
  }
  if (request.createVmIfMissing === true) checks.push(check('R16', 'pass', hostSubject, `Machines missing on ${host.name} will be created there.`));
  return checks;
}

export function fromSecondaryCheck(source: Site, target: Site, subject: CheckSubject): Check {
  return check('R17', 'pass', subject, `Failback from ${source.name} runs as a planned failover ${source.name} → ${target.name}; reverse-replicate afterwards to protect the machines again.`);
}

export function nothingToFailBackCheck(items: readonly ProtectedItem[], subject: CheckSubject): Check {
  const at = items.filter((item) => !isAway(item)).map((item) => item.name);
  return check('R17', 'fail', subject, `${at.length > 0 ? names(at) : 'The members'} already run at their primary site: there is nothing to fail back.`);
}
