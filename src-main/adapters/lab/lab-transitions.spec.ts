import { describe, expect, it } from 'vitest';
import { defaultResourcesDir } from '../../application/paths.ts';
import { loadLabEstate } from '../../domain/estate/load-estate.ts';
import type { ProtectedItem } from '../../domain/model/estate.ts';
import type { FabricOperation } from '../../domain/ports/fabric-port.ts';
import { systemClock } from '../../domain/time/clock.ts';
import { effectiveRecoveryPoints } from './lab-replication.ts';
import { transition, type LabResource, type LabWorld } from './lab-transitions.ts';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('lab transitions are pure: (item, operation, now) → item′', () => {
  it('a whole planned failover cycle never mutates the item it was given (commit, then publish relies on it)', () => {
    const estate = loadLabEstate(defaultResourcesDir(), systemClock);
    const resources = new Map<string, LabResource>();
    let item: ProtectedItem = estate.items.find((candidate) => candidate.id === 'app02')!;
    const context = { type: 'planned' as const, fromSiteId: item.activeSiteId, toSiteId: item.recoverySiteId };
    const operations: FabricOperation[] = [
      { op: 'shutdown', itemId: item.id },
      { op: 'final-sync', itemId: item.id },
      { op: 'create-replica', itemId: item.id, context },
      { op: 'start-replica', itemId: item.id, context },
      { op: 'commit', itemId: item.id },
      { op: 'reverse-replication', itemId: item.id, mode: 'delta' },
    ];
    const now = new Date();
    for (const [index, operation] of operations.entries()) {
      const before = deepFreeze(structuredClone(item));
      const world: LabWorld = {
        item: before,
        site: (id) => estate.sites.find((site) => site.id === id),
        resource: (id) => resources.get(id),
        points: (of) => effectiveRecoveryPoints(of, now, 0),
      };
      const changed = transition(world, operation, `k${index}`, now); // a mutation of the frozen input throws
      for (const resource of changed.put ?? []) resources.set(resource.id, resource);
      for (const id of changed.remove ?? []) resources.delete(id);
      item = changed.item ?? item;
    }
    // R9 R17: protected again from where it runs; its home site stays, so a failback is judged against home.
    expect(item).toMatchObject({ activeSiteId: context.toSiteId, primarySiteId: context.fromSiteId, failoverState: 'none', powerState: 'running' });
    expect(item.replication.state).toBe('protected');
  });
});
