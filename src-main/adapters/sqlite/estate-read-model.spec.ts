import { afterEach, describe, expect, it } from 'vitest';
import type { ProtectedItem, Site } from '../../domain/model/estate.ts';
import type { FabricAdapter, FabricInventory } from '../../domain/ports/fabric-port.ts';
import { openTestLab, settle, type TestLab } from '../lab/lab-testing.ts';
import { EstateReadModel } from './estate-read-model.ts';
import { openDatabase } from './database.ts';
import { join } from 'node:path';

let t: TestLab | undefined;
afterEach(() => {
  t?.dispose();
  t = undefined;
});

/** A fabric we cannot reach from a test (a remote service): answers a fixed inventory, counts the reads. */
function remoteFabric(inventory: () => FabricInventory): FabricAdapter & { reads: number } {
  const adapter = {
    id: 'remote',
    reads: 0,
    async inventory() {
      adapter.reads += 1;
      return inventory();
    },
  };
  return adapter as unknown as FabricAdapter & { reads: number };
}

describe('estate read model', () => {
  it('composes the lab inventory, a remote fabric read by refresh(), and the console plans; a snapshot never changes under its reader', async () => {
    t = openTestLab();
    const lab = t.lab;
    const db = openDatabase(join(t.dir, 'engine.sqlite'));
    try {
      const site = structuredClone(lab.inventorySnapshot().inventory.sites[0]) as Site;
      const item = structuredClone(lab.inventorySnapshot().inventory.items[0]) as ProtectedItem;
      const azureId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationProtectedItems/x';
      const remote = remoteFabric(() => ({ sites: [{ ...site, id: 'azure-westeurope' }], items: [{ ...item, id: azureId }], readAt: new Date().toISOString() }));
      const model = new EstateReadModel(db, [{ adapter: lab, snapshot: () => lab.inventorySnapshot() }, { adapter: remote }], () => []);
      const first = model.estate();
      expect(first.items.some((candidate) => candidate.id === azureId)).toBe(false);
      await model.refresh([azureId]);
      expect(remote.reads).toBe(1);
      const second = model.estate();
      expect(second.items.some((candidate) => candidate.id === azureId)).toBe(true);
      expect(second.sites.map((candidate) => candidate.id)).toContain('azure-westeurope');
      await settle(lab, await lab.start({ op: 'shutdown', itemId: 'app02' }, 'k'));
      expect(model.estate().items.find((candidate) => candidate.id === 'app02')!.powerState).toBe('off');
      expect(second.items.find((candidate) => candidate.id === 'app02')!.powerState).toBe('running');
      expect(model.estate()).toBe(model.estate()); // unchanged inventory: the same snapshot, not a rebuild
    } finally {
      db.close();
    }
  });

  it('LOCK: a fresh read sees another process\'s commit made in this same turn of the event loop; an ordinary read may not until the next turn', () => {
    t = openTestLab();
    const lab = t.lab;
    const other = t.openAnother(); // another console process on the same lab database
    const db = openDatabase(join(t.dir, 'engine.sqlite'));
    try {
      const model = new EstateReadModel(db, [{ adapter: lab, snapshot: (fresh) => lab.inventorySnapshot(fresh) }], () => []);
      const siteId = model.estate().sites[0]!.id;
      // All synchronous, as a start reading the job sequence and then the estate is: no turn passes.
      other.control.updateSites((site) => (site.id === siteId ? { ...site, name: 'Renamed elsewhere' } : undefined));
      expect(model.estate().sites[0]!.name).not.toBe('Renamed elsewhere'); // the per-turn cache of data_version
      expect(model.estate({ fresh: true }).sites[0]!.name).toBe('Renamed elsewhere');
    } finally {
      db.close();
    }
  });
});
