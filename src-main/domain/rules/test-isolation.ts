// R10 and R18: a test failover has no impact on production only in a network isolated from it. A domain
// controller's test copy in a network production can reach would be a second domain controller with the same
// identity on one network, so that fails pre-flight; any other machine's copy there runs beside its source,
// which keeps running, so that warns and offers to shut the source down first (the reference's "shut down the
// machine before beginning failover" for a drill on a production network).
import type { Estate, ProtectedItem, Site } from '../model/estate.ts';
import type { Check, CheckSubject } from '../model/operation.ts';
import { check, itemSubject, names } from './check.ts';
import type { ResolvedTestNetwork } from './test-network.ts';

export interface Isolation {
  isolated: boolean;
  /** The network as the operator reads it: "Corp (production)", "a network created on LN-Corp". */
  label: string;
}

/**
 * Whether test machines on the chosen network are cut off from production: no network is; an existing network
 * says so itself; a network created on a WNV logical network is isolated by the system; one created on any other
 * logical network is isolated only when that logical network carries no production network at the target.
 */
export function testNetworkIsolation(target: Site, resolved: ResolvedTestNetwork): Isolation {
  switch (resolved.kind) {
    case 'none':
    case 'invalid':
      return { isolated: true, label: 'no network' };
    case 'azure':
    case 'vm-existing':
      return { isolated: resolved.network.isolatedFromProduction, label: resolved.network.name };
    case 'vm-create': {
      const label = `a network created on ${resolved.logicalNetwork}`;
      if (resolved.isolation === 'wnv') return { isolated: true, label };
      const production = target.networks.filter((network) => network.logicalNetwork === resolved.logicalNetwork && !network.isolatedFromProduction);
      return { isolated: production.length === 0, label: production.length > 0 ? `${label} (the logical network of production's ${names(production.map((n) => n.name))})` : label };
    }
  }
}

const isDirectory = (item: ProtectedItem): boolean => item.roles.includes('ad') || item.roles.includes('dns');

export function testIsolationChecks(_estate: Estate, movers: readonly ProtectedItem[], target: Site, resolved: ResolvedTestNetwork, shutdownSource: boolean, subject: CheckSubject): Check[] {
  const { isolated, label } = testNetworkIsolation(target, resolved);
  if (isolated) return [];
  const checks: Check[] = movers.filter(isDirectory).map((item) =>
    check(
      'R18',
      'fail',
      itemSubject(item),
      `${item.name} (AD/DNS) would start in ${label}, which is not isolated from production: two domain controllers with the same identity would be on one network (the test copy and the production ${item.name}). Choose an isolated test network (or create one on an isolated logical network).`,
    ),
  );
  const sources = names(movers.map((item) => item.name));
  checks.push(
    shutdownSource
      ? check('R10', 'warn', subject, `${label} is not isolated from production, so ${sources} will be shut down at the source first (as chosen) and stay off until you start them again; the drill affects production.`)
      : check('R10', 'warn', subject, `${label} is not isolated from production and the source machines (${sources}) keep running there: their test copies would answer production traffic with the same names. Shut the source machines down first (the option "shut down the source machines before the test"), or choose an isolated network.`),
  );
  return checks;
}
