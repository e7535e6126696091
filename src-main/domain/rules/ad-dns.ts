// R18: a test failover of application machines needs AD and DNS in the isolated network first: AD/DNS
// machines in Group 1, or a manual action before Group 1 that brings them in.
import type { ProtectedItem, RecoveryPlan } from '../model/estate.ts';
import type { Check, CheckSubject } from '../model/operation.ts';
import { check, names } from './check.ts';

const INFRASTRUCTURE = new Set(['ad', 'dns', 'dhcp']);

export const isApplicationMachine = (item: ProtectedItem): boolean => item.roles.length === 0 || item.roles.some((role) => !INFRASTRUCTURE.has(role));
const isDirectoryMachine = (item: ProtectedItem): boolean => item.roles.includes('ad') || item.roles.includes('dns');

export function adDnsChecks(plan: RecoveryPlan, members: readonly ProtectedItem[], subject: CheckSubject): Check[] {
  const byId = new Map(members.map((item) => [item.id, item]));
  const applications = members.filter(isApplicationMachine);
  if (applications.length === 0) return [];
  const first = plan.groups[0];
  const directoryFirst = (first?.members ?? []).map((id) => byId.get(id)).filter((item): item is ProtectedItem => item !== undefined && isDirectoryMachine(item));
  if (directoryFirst.length > 0) {
    return [check('R18', 'pass', subject, `${names(directoryFirst.map((i) => i.name))} (AD/DNS) fail over first in ${first?.name ?? 'Group 1'}; when you complete the test, clean up the application machines first, then AD/DNS.`)];
  }
  const manual = first?.before.find((action) => action.kind === 'manual');
  if (manual) {
    return [check('R18', 'pass', subject, `The manual action "${manual.title}" before ${first?.name ?? 'Group 1'} brings AD and DNS into the test network before the application machines start.`)];
  }
  const elsewhere = members.filter(isDirectoryMachine).map((i) => i.name);
  const fix = 'add the AD/DNS preparation from Scripts as a manual action before Group 1';
  if (elsewhere.length > 0) {
    return [check('R18', 'warn', subject, `${names(elsewhere)} (AD/DNS) ${elsewhere.length === 1 ? 'is' : 'are'} not in Group 1, so the application machines start without a directory: move ${elsewhere.length === 1 ? 'it' : 'them'} to Group 1, or ${fix}.`)];
  }
  return [check('R18', 'warn', subject, `The application machines would start in the test network without AD/DNS: ${fix}.`)];
}
