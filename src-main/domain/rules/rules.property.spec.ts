// Property tests: the R12/R13 invariants and the shape of every verdict hold for any estate variant and request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.ts';
import type { Estate, IpPool, NetworkIsolation } from '../model/estate.ts';
import { OPERATION_KINDS, type OperationRequest, type TestNetworkChoice } from '../model/operation.ts';
import { allocate } from './addressing.ts';
import { certificate, context, lab } from './fixture.ts';
import { ipPlan } from './ip-plan.ts';
import { findNetworkOrNull, mappedNetwork } from './lookup.ts';
import { preflightReport } from './preflight.ts';

const BASE = lab();
const fresh = (): Estate => structuredClone(BASE);
const secondaryBound = BASE.items.filter((i) => i.primarySiteId === 'site-primary' && i.recoverySiteId === 'site-secondary' && i.activeSiteId === 'site-primary');
const SUBNETS = ['10.1.0.0/24', '10.8.0.0/24', '10.9.0.0/24'] as const;
const POOL: IpPool = { name: 'Generated pool', subnet: '10.1.0.0/24', start: '10.1.0.100', end: '10.1.0.199', dnsServers: [] };

const isolation = fc.constantFrom<NetworkIsolation>('none', 'vlan', 'wnv');
const addressing = fc.constantFrom<'dhcp' | 'static-pool'>('dhcp', 'static-pool');

/** A plan over any non-empty subset of the machines protected primary → secondary, with NICs on a few shared subnets. */
const subsetPlan = fc
  .record({
    members: fc.subarray(secondaryBound.map((i) => i.id), { minLength: 1 }),
    subnetOf: fc.array(fc.constantFrom(...SUBNETS), { minLength: secondaryBound.length, maxLength: secondaryBound.length }),
  })
  .map(({ members, subnetOf }) => {
    const estate = fresh();
    secondaryBound.forEach((original, index) => {
      const nic = estate.items.find((i) => i.id === original.id)?.nics[0];
      if (nic) Object.assign(nic, { subnet: subnetOf[index], addressing: 'static', ip: nic.ip ?? '10.1.0.250' });
    });
    estate.plans.push({ id: 'plan-generated', name: 'Generated', description: '', sourceSiteId: 'site-primary', targetSiteId: 'site-secondary', groups: [{ id: 'g1', name: 'Group 1', members, before: [], after: [] }] });
    return estate;
  });

/** The secondary site's networks with any isolation, addressing and pools. */
const reshapedNetworks = fc
  .array(fc.record({ isolation, addressing, pooled: fc.boolean() }), { minLength: 10, maxLength: 10 })
  .map((shapes) => {
    const estate = fresh();
    const secondary = estate.sites.find((s) => s.id === 'site-secondary');
    secondary?.networks.forEach((network, index) => {
      const shape = shapes[index % shapes.length];
      if (!shape) return;
      Object.assign(network, { isolation: shape.isolation, addressing: shape.addressing, pools: shape.pooled ? [POOL] : [] });
    });
    return estate;
  });

describe('R12/R13 properties', () => {
  it('R13: a partial subnet never retains its IPs (and a retained IP always means the whole subnet moved)', () => {
    fc.assert(
      fc.property(subsetPlan, (estate) => {
        const moving = new Set(estate.plans.find((p) => p.id === 'plan-generated')?.groups[0]?.members);
        for (const entry of ipPlan(estate, { operation: 'planned-failover', scope: { planId: 'plan-generated' } })) {
          const nic = estate.items.find((i) => i.id === entry.itemId)?.nics.find((n) => n.id === entry.nicId);
          const sameSubnet = estate.items.filter((i) => i.activeSiteId === 'site-primary' && i.nics.some((n) => n.subnet === nic?.subnet));
          const whole = sameSubnet.every((i) => moving.has(i.id));
          if (!whole) expect(entry.address).not.toBe('retained');
          if (entry.address === 'retained') expect(whole).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('R12: WNV never allocates without a pool (the allocation rule itself)', () => {
    fc.assert(
      fc.property(isolation, addressing, fc.boolean(), (iso, addr, pooled) => {
        const allocation = allocate({ name: 'n', isolation: iso, addressing: addr, pools: pooled ? [POOL] : [] });
        if (iso === 'wnv') expect(allocation).toMatchObject(pooled ? { ok: true, address: 'pool' } : { ok: false, address: 'none' });
        if (iso !== 'wnv' && addr === 'static-pool' && !pooled) expect(allocation.ok).toBe(false);
      }),
    );
  });

  it('R12: WNV never allocates without a target pool, for any failover or test network on any network shapes', () => {
    const planIds = ['plan-core', 'plan-apps', 'plan-staging'];
    const choice = (estate: Estate): fc.Arbitrary<TestNetworkChoice> => {
      const secondary = estate.sites.find((s) => s.id === 'site-secondary');
      const ids = secondary?.networks.map((n) => n.id) ?? [];
      const logical = [...new Set(secondary?.networks.map((n) => n.logicalNetwork))];
      return fc.oneof(
        fc.constant<TestNetworkChoice>({ option: 'none' }),
        fc.constantFrom(...ids).map((networkId): TestNetworkChoice => ({ option: 'existing', networkId })),
        fc.constantFrom(...logical).map((logicalNetwork): TestNetworkChoice => ({ option: 'create', logicalNetwork })),
      );
    };
    fc.assert(
      fc.property(
        reshapedNetworks.chain((estate) => fc.tuple(fc.constant(estate), choice(estate), fc.constantFrom(...planIds), fc.boolean())),
        ([estate, testNetwork, planId, test]) => {
          const request: OperationRequest = test ? { operation: 'test-failover', scope: { planId }, testNetwork } : { operation: 'planned-failover', scope: { planId } };
          const secondary = estate.sites.find((s) => s.id === 'site-secondary');
          for (const entry of ipPlan(estate, request)) {
            if (!entry.ok || entry.address === 'none') continue;
            let wnv = false;
            let pooled = false;
            if (entry.targetNetworkId) {
              const net = findNetworkOrNull(estate, entry.targetNetworkId);
              if (net?.kind === 'vm') [wnv, pooled] = [net.network.isolation === 'wnv', net.network.pools.length > 0];
            } else if (testNetwork.option === 'create' && secondary) {
              const replica = mappedNetwork(estate, entry.sourceNetworkId, secondary);
              wnv = secondary.networks.find((n) => n.logicalNetwork === testNetwork.logicalNetwork)?.isolation === 'wnv';
              pooled = replica?.kind === 'vm' && replica.network.pools.length > 0;
            }
            if (wnv) expect(pooled, `${entry.nicId} got an address on a WNV network without a pool`).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('pre-flight properties', () => {
  const siteIds = BASE.sites.map((s) => s.id);
  const networkIds = BASE.sites.flatMap((s) => [...s.networks, ...s.azureNetworks].map((n) => n.id));
  const logical = [...new Set(BASE.sites.flatMap((s) => s.networks.map((n) => n.logicalNetwork)))];
  const pointIds = BASE.items.flatMap((i) => i.recoveryPoints.map((p) => p.id)).slice(0, 40);
  const hostIds = BASE.sites.flatMap((s) => s.hosts.map((h) => h.id));
  const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

  const request: fc.Arbitrary<OperationRequest> = fc
    .record({
      operation: fc.constantFrom(...OPERATION_KINDS),
      scope: fc.oneof(
        fc.constantFrom(...BASE.plans.map((p) => p.id)).map((planId) => ({ planId })),
        fc.constantFrom(...BASE.items.map((i) => i.id)).map((itemId) => ({ itemId })),
      ),
      direction: optional(fc.record({ sourceSiteId: fc.constantFrom(...siteIds), targetSiteId: fc.constantFrom(...siteIds) })),
      testNetwork: optional(
        fc.oneof(
          fc.constant<TestNetworkChoice>({ option: 'none' }),
          fc.constantFrom(...networkIds).map((networkId): TestNetworkChoice => ({ option: 'existing', networkId })),
          fc.constantFrom(...logical).map((logicalNetwork): TestNetworkChoice => ({ option: 'create', logicalNetwork })),
        ),
      ),
      recoveryPointId: optional(fc.constantFrom(...pointIds)),
      shutdownAndSync: optional(fc.boolean()),
      sync: optional(fc.constantFrom<'before' | 'during'>('before', 'during')),
      alternateHostId: optional(fc.constantFrom(...hostIds)),
      createVmIfMissing: optional(fc.boolean()),
    })
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as OperationRequest);

  it('every check carries a rule id, a named subject and a non-empty sentence; mayStart means no failing check', () => {
    fc.assert(
      fc.property(
        request,
        fc.subarray(BASE.items.map((i) => i.id), { maxLength: 3 }),
        fc.constantFrom(null, certificate(), certificate({ hasPrivateKey: false, notAfter: '2020-01-01T00:00:00.000Z' })),
        (req, busy, cert) => {
          let report;
          try {
            report = preflightReport(fresh(), req, context({ busyItemIds: new Set(busy), certificate: cert }));
          } catch (error) {
            // Unknown references are typed errors naming them, never anything else.
            expect(error).toBeInstanceOf(AppError);
            expect(['NOT_FOUND', 'INVALID_INPUT']).toContain((error as AppError).code);
            return;
          }
          expect(report.checks.length).toBeGreaterThan(0);
          for (const c of report.checks) {
            expect(c.message.trim().length, JSON.stringify(c)).toBeGreaterThan(10);
            expect(c.subject.name.length).toBeGreaterThan(0);
            expect(['pass', 'warn', 'fail']).toContain(c.status);
          }
          expect(report.mayStart).toBe(report.checks.every((c) => c.status !== 'fail'));
          for (const id of busy) {
            if (report.checks.some((c) => c.subject.id === id && c.ruleId === 'LOCK')) expect(report.mayStart).toBe(false);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
