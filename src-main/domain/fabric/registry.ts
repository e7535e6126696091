// Routes each site to the adapter of the fabric that runs it, so one plan can span fabrics; a resumed poll
// goes back to the adapter that started the operation (the handle names it).
import { FabricError, type FabricAdapter, type FabricOperation, type FabricRegistry, type OperationHandle } from '../ports/fabric-port.ts';

export class StaticFabricRegistry implements FabricRegistry {
  readonly #bySite: Map<string, FabricAdapter>;
  readonly #byId: Map<string, FabricAdapter>;
  readonly #fallback: FabricAdapter | undefined;

  /** `fallback` serves sites not listed (one fabric for the whole estate, like the lab). */
  constructor(sites: Record<string, FabricAdapter>, fallback?: FabricAdapter) {
    this.#bySite = new Map(Object.entries(sites));
    this.#fallback = fallback;
    const all = [...this.#bySite.values(), ...(fallback ? [fallback] : [])];
    this.#byId = new Map(all.map((adapter) => [adapter.id, adapter]));
  }

  forSite(siteId: string): FabricAdapter {
    const adapter = this.#bySite.get(siteId) ?? this.#fallback;
    if (!adapter) throw new FabricError('permanent', `No fabric is connected for site ${siteId}.`);
    return adapter;
  }

  forHandle(handle: OperationHandle): FabricAdapter {
    const adapter = this.#byId.get(handle.adapterId);
    if (!adapter) throw new FabricError('permanent', `The fabric ${handle.adapterId} that started operation ${handle.operationId} is no longer connected.`);
    return adapter;
  }

  adapters(): readonly FabricAdapter[] {
    return [...this.#byId.values()];
  }
}

/** Pre-flight: whether the fabric of `siteId` can run this operation at all (capabilities.operations). */
export function fabricSupports(registry: FabricRegistry, siteId: string, operation: FabricOperation | FabricOperation['op']): boolean {
  const name = typeof operation === 'string' ? operation : operation.op;
  try {
    return registry.forSite(siteId).capabilities().operations.includes(name);
  } catch {
    return false;
  }
}

/** Refuses an operation the adapter does not list, with a sentence an operator can act on. */
export function assertSupported(adapter: FabricAdapter, operation: FabricOperation): void {
  if (!adapter.capabilities().operations.includes(operation.op)) {
    throw new FabricError('permanent', `The fabric ${adapter.id} cannot run "${operation.op}"; this step has to be done another way (mark it done once it is).`);
  }
}
