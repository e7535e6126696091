// R11: the test-failover network options by target (Azure: none / an existing Azure network; a secondary VMM
// site: none / an existing VM network / create one on a logical network), and R12's compatibility of the
// test network with each replica's network.
import { AppError } from '../../contract/errors.ts';
import type { AzureVirtualNetwork, Estate, NetworkIsolation, ProtectedItem, Site, VmNetwork } from '../model/estate.ts';
import type { Check, CheckSubject, OperationScope, TestNetworkChoice } from '../model/operation.ts';
import { allocate, nicSubject, testNetworkConflict, type Allocation } from './addressing.ts';
import { check } from './check.ts';
import { resolveDirectionFor, directionChecks } from './direction.ts';
import { findNetworkOrNull, findSite, mappedNetwork, resolveScope } from './lookup.ts';
import { supportFor } from './support-matrix.ts';
import { testIsolationChecks, testNetworkIsolation } from './test-isolation.ts';

export type ResolvedTestNetwork =
  | { kind: 'none' }
  | { kind: 'azure'; network: AzureVirtualNetwork }
  | { kind: 'vm-existing'; network: VmNetwork }
  | { kind: 'vm-create'; logicalNetwork: string; isolation: NetworkIsolation }
  /** Known to the estate but not an option for this target (R11). */
  | { kind: 'invalid'; reason: string };

export const DEFAULT_TEST_NETWORK: TestNetworkChoice = { option: 'none' };

/** A network id or logical network the estate does not know is a NOT_FOUND naming it. */
export function assertTestNetworkKnown(estate: Estate, choice: TestNetworkChoice): void {
  if (choice.option === 'existing' && !findNetworkOrNull(estate, choice.networkId)) {
    throw new AppError('NOT_FOUND', `There is no network "${choice.networkId}" in the estate.`);
  }
  if (choice.option === 'create' && !estate.sites.some((site) => site.networks.some((n) => n.logicalNetwork === choice.logicalNetwork))) {
    throw new AppError('NOT_FOUND', `There is no logical network "${choice.logicalNetwork}" in the estate.`);
  }
}

export function resolveTestNetwork(estate: Estate, target: Site, choice: TestNetworkChoice): ResolvedTestNetwork {
  assertTestNetworkKnown(estate, choice);
  if (choice.option === 'none') return { kind: 'none' };
  if (choice.option === 'existing') {
    const found = findNetworkOrNull(estate, choice.networkId);
    if (!found) return { kind: 'invalid', reason: `There is no network "${choice.networkId}".` };
    if (found.site.id !== target.id) {
      return { kind: 'invalid', reason: `${found.network.name} is at ${found.site.name}, not at the target ${target.name}: test machines can join only a network of the target.` };
    }
    return found.kind === 'azure' ? { kind: 'azure', network: found.network } : { kind: 'vm-existing', network: found.network };
  }
  if (target.kind === 'azure') {
    return { kind: 'invalid', reason: 'A test failover to Azure offers no network creation: choose no network or an existing Azure network.' };
  }
  const sample = target.networks.find((n) => n.logicalNetwork === choice.logicalNetwork);
  if (!sample) return { kind: 'invalid', reason: `The logical network ${choice.logicalNetwork} is not at the target ${target.name}: choose one of its logical networks.` };
  return { kind: 'vm-create', logicalNetwork: choice.logicalNetwork, isolation: sample.isolation };
}

export type TestNicOutcome =
  | { kind: 'not-connected' }
  | { kind: 'azure'; network: AzureVirtualNetwork }
  | { kind: 'conflict'; reason: string }
  | { kind: 'allocated'; allocation: Allocation };

/** R12 for one NIC on the chosen test network: conflict with its replica network, or how it gets an address. */
export function testNicOutcome(estate: Estate, target: Site, resolved: ResolvedTestNetwork, nicNetworkId: string): TestNicOutcome {
  switch (resolved.kind) {
    case 'none':
    case 'invalid':
      return { kind: 'not-connected' };
    case 'azure':
      return { kind: 'azure', network: resolved.network };
    case 'vm-existing':
    case 'vm-create': {
      const replica = mappedNetwork(estate, nicNetworkId, target);
      const replicaNetwork = replica?.kind === 'vm' ? replica.network : null;
      const isolation = resolved.kind === 'vm-existing' ? resolved.network.isolation : resolved.isolation;
      if (replicaNetwork) {
        const conflict = testNetworkConflict(isolation, replicaNetwork);
        if (conflict) return { kind: 'conflict', reason: conflict };
      }
      if (resolved.kind === 'vm-existing') return { kind: 'allocated', allocation: allocate(resolved.network) };
      if (!replicaNetwork) {
        return { kind: 'conflict', reason: `No network on ${target.name} is mapped from ${nicNetworkId}, so no test network can be created from it: add a network mapping.` };
      }
      // Created test networks copy the replica network's subnets and pools (docs/decisions.md).
      const name = `The test network created on ${resolved.logicalNetwork}`;
      return { kind: 'allocated', allocation: allocate({ name, isolation, addressing: replicaNetwork.addressing, pools: replicaNetwork.pools }) };
    }
  }
}

function choiceLabel(resolved: ResolvedTestNetwork, choice: TestNetworkChoice): string {
  if (resolved.kind === 'none') return 'No network';
  if (resolved.kind === 'azure' || resolved.kind === 'vm-existing') return `Existing network: ${resolved.network.name}`;
  return choice.option === 'create' ? `Create a network on ${choice.logicalNetwork}` : 'Not available';
}

/** R11 + R12 verdicts for one network choice and the members that move. */
export function testNetworkChecks(estate: Estate, movers: readonly ProtectedItem[], target: Site, choice: TestNetworkChoice, subject: CheckSubject, shutdownSource = false): Check[] {
  const resolved = resolveTestNetwork(estate, target, choice);
  if (resolved.kind === 'invalid') return [check('R11', 'fail', subject, resolved.reason)];
  const checks: Check[] = [];
  for (const item of movers) {
    for (const nic of item.nics) {
      const outcome = testNicOutcome(estate, target, resolved, nic.networkId);
      if (outcome.kind === 'conflict') checks.push(check('R12', 'fail', nicSubject(item, nic.id), outcome.reason));
      else if (outcome.kind === 'allocated' && !outcome.allocation.ok) checks.push(check('R12', 'fail', nicSubject(item, nic.id), outcome.allocation.reason));
    }
  }
  const label = choiceLabel(resolved, choice);
  // R10/R18: production must not meet the test copies (a domain controller's copy fails, the others warn).
  const isolation = testNetworkIsolation(target, resolved);
  checks.push(...testIsolationChecks(estate, movers, target, resolved, shutdownSource, subject));
  if (resolved.kind === 'vm-create' && resolved.isolation === 'vlan' && isolation.isolated) {
    checks.push(check('R11', 'warn', subject, `Networks created on the VLAN logical network ${resolved.logicalNetwork} are isolated only if its network sites are: confirm they are not used in production.`));
  }
  if (checks.every((c) => c.status !== 'fail')) {
    const placement = target.kind === 'azure' ? '' : ' Test machines are created on the replica\'s host and are not added to its cloud.';
    checks.unshift(check('R11', 'pass', subject, `${label} is a valid test network for ${target.name}.${placement}`));
  }
  return checks;
}

export interface NetworkOption {
  choice: TestNetworkChoice;
  label: string;
  available: boolean;
  /** Why it is unavailable (the first failing check) or, when available, what it does. */
  reason: string;
  /** An available option the operator should think twice about (not isolated from production…). */
  warning: string | null;
  /** R10: false when test machines there meet production; the wizard then offers to shut the sources down first. */
  isolated: boolean;
}

function candidates(target: Site): TestNetworkChoice[] {
  const choices: TestNetworkChoice[] = [DEFAULT_TEST_NETWORK];
  if (target.kind === 'azure') {
    for (const network of target.azureNetworks) choices.push({ option: 'existing', networkId: network.id });
    return choices;
  }
  for (const network of target.networks) choices.push({ option: 'existing', networkId: network.id });
  for (const logical of new Set(target.networks.map((n) => n.logicalNetwork))) choices.push({ option: 'create', logicalNetwork: logical });
  return choices;
}

/** R11: every test-failover network option for the target, available or not with the reason, for the wizard. */
export function networkOptions(estate: Estate, request: { scope: OperationScope; direction?: { sourceSiteId: string; targetSiteId: string } | undefined }): NetworkOption[] {
  const scope = resolveScope(estate, request.scope);
  const outcome = resolveDirectionFor(estate, scope, request.direction);
  if (!outcome.direction) throw new AppError('INVALID_INPUT', outcome.problem ?? 'The direction is ambiguous: choose it.');
  const target = findSite(estate, outcome.direction.targetSiteId);
  const { movers } = directionChecks(estate, scope, outcome);
  const key = outcome.direction.key;
  const unsupported = !key || supportFor(key, 'test') !== 'supported'
    ? `Test failover is not supported from ${outcome.direction.sourceSiteName} to ${target.name}.`
    : null;
  const options = candidates(target).map((choice): NetworkOption => {
    const resolved = resolveTestNetwork(estate, target, choice);
    const label = choiceLabel(resolved, choice);
    const { isolated } = testNetworkIsolation(target, resolved);
    if (unsupported) return { choice, label, available: false, reason: unsupported, warning: null, isolated };
    const checks = testNetworkChecks(estate, movers, target, choice, scope.subject);
    const failing = checks.find((c) => c.status === 'fail');
    const warning = checks.find((c) => c.status === 'warn');
    return failing
      ? { choice, label, available: false, reason: failing.message, warning: null, isolated }
      : { choice, label, available: true, reason: checks[0]?.message ?? label, warning: warning?.message ?? null, isolated };
  });
  if (target.kind === 'azure') {
    // Shown disabled so the wizard can say why Azure has no "create" option.
    options.push({ choice: { option: 'create', logicalNetwork: 'new' }, label: 'Create a network', available: false, reason: 'A test failover to Azure offers no network creation: choose no network or an existing Azure network.', warning: null, isolated: true });
  }
  return options;
}
