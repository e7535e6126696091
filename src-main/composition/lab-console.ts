// What handlers and the CLI may do with the lab beside running operations on it (settings, faults, reset,
// the operation log, test resources). Reset spans two stores: the lab's inventory (its own database) and
// the console's plans (the engine database), each committed before memory changes.
import type { LabAdapter } from '../adapters/lab/lab-adapter.ts';
import type { ActiveFault, FaultSpec, LabOpRecord, LabSettings } from '../adapters/lab/lab-faults.ts';
import type { Estate, RecoveryPoint } from '../domain/model/estate.ts';
import type { EstateReadModel } from '../adapters/sqlite/estate-read-model.ts';

export interface LabConsole {
  readonly adapter: LabAdapter;
  readonly control: {
    settings(): LabSettings;
    setSettings(patch: Partial<LabSettings>): LabSettings;
    faults(): ActiveFault[];
    addFault(spec: FaultSpec, at: Date): ActiveFault[];
    clearFaults(): ActiveFault[];
    /** Back to a seed estate: the lab's inventory, faults, resources and log, and the console's plans. */
    reset(seed: Estate, settings: Partial<LabSettings>): void;
  };
  ops(filter?: { itemId?: string; limit?: number }): LabOpRecord[];
  testResources(): { id: string; kind: string; itemId: string | null }[];
  listRecoveryPoints(itemId: string): Promise<RecoveryPoint[]>;
}

export function labConsole(adapter: LabAdapter, estate: EstateReadModel): LabConsole {
  const control = adapter.control;
  return {
    adapter,
    control: {
      settings: () => control.settings(),
      setSettings: (patch) => control.setSettings(patch),
      faults: () => control.faults(),
      addFault: (spec, at) => control.addFault(spec, at),
      clearFaults: () => control.clearFaults(),
      reset(seed, settings) {
        control.reset({ name: seed.name, networkMappings: seed.networkMappings, sites: seed.sites, items: seed.items }, settings);
        estate.resetPlans(seed.plans);
      },
    },
    ops: (filter) => adapter.ops(filter),
    testResources: () => adapter.testResources(),
    listRecoveryPoints: (itemId) => adapter.listRecoveryPoints(itemId),
  };
}
