// Routes each site to the fabric adapter that serves it, so one plan can span fabrics (fabric port v2).
// Minimal: a site belongs to the adapter whose inventory lists it; otherwise the first adapter answers.
import { FabricError, type FabricAdapter, type FabricRegistry, type OperationHandle } from '../engine/ports/fabric-port.ts';

export class SiteFabricRegistry implements FabricRegistry {
  readonly #adapters: readonly FabricAdapter[];
  readonly #siteOf: (adapter: FabricAdapter) => readonly string[];

  constructor(adapters: readonly FabricAdapter[], sitesOf: (adapter: FabricAdapter) => readonly string[]) {
    if (adapters.length === 0) throw new Error('a fabric registry needs at least one adapter');
    this.#adapters = adapters;
    this.#siteOf = sitesOf;
  }

  forSite(siteId: string): FabricAdapter {
    return this.#adapters.find((adapter) => this.#siteOf(adapter).includes(siteId)) ?? this.#adapters[0]!;
  }

  forHandle(handle: OperationHandle): FabricAdapter {
    const adapter = this.#adapters.find((candidate) => candidate.id === handle.adapterId);
    if (!adapter) throw new FabricError('permanent', `No fabric adapter "${handle.adapterId}" is configured for this operation.`);
    return adapter;
  }

  adapters(): readonly FabricAdapter[] {
    return this.#adapters;
  }
}
