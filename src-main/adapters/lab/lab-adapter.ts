// The lab fabric as a service beside the engine (docs/decisions.md "The lab as a separate fabric service"):
// its own SQLite file (lab.sqlite, WAL, synchronous=FULL) holding its sites, machines, network mappings,
// recovery points, resources and operation log, with its own transactions — it shares none with the
// engine's database. It implements fabric port v2 (src-main/domain/ports/fabric-port.ts) exactly as a
// remote service would: start with a key → handle → poll; lookup(key); cancel; inventory and reads.
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { RecoveryPoint } from '../../domain/model/estate.ts';
import type { Clock } from '../../domain/time/clock.ts';
import {
  FabricError,
  type CallOptions,
  type FabricAdapter,
  type FabricCapabilities,
  type FabricInventory,
  type FabricOperation,
  type OperationHandle,
  type OperationStatus,
} from '../../domain/ports/fabric-port.ts';
import { openDatabase } from '../sqlite/database.ts';
import { WriteBatcher } from '../sqlite/write-batcher.ts';
import { LabControl } from './lab-control.ts';
import { LAB_OPERATIONS, lagSeconds, type LabOpRecord } from './lab-faults.ts';
import { LAB_DATABASE_FILE_NAME, LAB_MIGRATIONS } from './lab-migrations.ts';
import { LabOperations } from './lab-operations.ts';
import { effectiveRecoveryPoints } from './lab-replication.ts';
import { LabStore, type LabSeed } from './lab-store.ts';
import { vmResourceId } from './lab-transitions.ts';

export interface LabAdapterOptions {
  /** The data directory: the lab keeps `lab.sqlite` there. */
  dataDir: string;
  clock: Clock;
  /** What a new lab database is seeded with (asked only when the lab database is empty). */
  seed: () => LabSeed;
  id?: string;
  /** Only reads will follow: an existing, up-to-date lab database is opened read-only (nothing written). */
  readOnly?: boolean;
}

/** A synchronous view of the inventory for an in-process reader; `version` changes when anything changed. */
export interface InventorySnapshot {
  version: number;
  inventory: FabricInventory & { name: string };
}

export class LabAdapter implements FabricAdapter {
  readonly id: string;
  readonly db: DatabaseSync;
  readonly control: LabControl;
  readonly #store: LabStore;
  readonly #batcher: WriteBatcher;
  readonly #operations: LabOperations;
  readonly #clock: Clock;
  #snapshot: InventorySnapshot | undefined;
  #closed = false;

  constructor(options: LabAdapterOptions) {
    this.id = options.id ?? 'lab';
    this.#clock = options.clock;
    this.db = openDatabase(join(options.dataDir, LAB_DATABASE_FILE_NAME), { migrations: LAB_MIGRATIONS, readOnly: options.readOnly === true });
    try {
      this.#store = new LabStore(this.db, options.seed);
    } catch (error) {
      this.db.close();
      throw error;
    }
    // The lab's own commits are grouped too (one fsync per turn of the event loop), as the engine's are.
    this.#batcher = new WriteBatcher(this.db);
    this.control = new LabControl(this.db, this.#store);
    this.#operations = new LabOperations({ adapterId: this.id, db: this.db, batcher: this.#batcher, store: this.#store, control: this.control, clock: this.#clock });
  }

  capabilities(): FabricCapabilities {
    return { operations: LAB_OPERATIONS, grain: 'step', cancellable: true, resumable: false };
  }

  start(operation: FabricOperation, key: string, options?: CallOptions): Promise<OperationHandle> {
    return this.#call(options, () => this.#operations.start(operation, key));
  }

  poll(handle: OperationHandle, options?: CallOptions): Promise<OperationStatus> {
    return this.#call(options, () => this.#operations.poll(handle, options?.signal, options?.waitMs));
  }

  lookup(key: string, options?: CallOptions): Promise<OperationHandle | undefined> {
    return this.#call(options, async () => this.#operations.lookup(key));
  }

  cancel(handle: OperationHandle, options?: CallOptions): Promise<void> {
    return this.#call(options, () => this.#operations.cancel(handle));
  }

  // ---- reads ---------------------------------------------------------------------------------------------

  siteReachable(siteId: string, options?: CallOptions): Promise<boolean> {
    return this.#call(options, async () => this.#store.site(siteId)?.reachable ?? false);
  }

  powerState(itemId: string, options?: CallOptions): Promise<'running' | 'off'> {
    return this.#call(options, async () => this.#item(itemId).powerState);
  }

  listRecoveryPoints(itemId: string, options?: CallOptions): Promise<RecoveryPoint[]> {
    return this.#call(options, async () => this.recoveryPointsNow(itemId));
  }

  vmExists(itemId: string, hostId: string, options?: CallOptions): Promise<boolean> {
    return this.#call(options, async () => {
      const item = this.#item(itemId);
      if (item.hostId === hostId || item.recoveryHostId === hostId) return true;
      return this.db.prepare('SELECT 1 FROM lab_resources WHERE id = ?').get(vmResourceId(itemId, hostId)) !== undefined;
    });
  }

  inventory(options?: CallOptions): Promise<FabricInventory> {
    return this.#call(options, async () => this.inventorySnapshot().inventory);
  }

  /** In-process readers (the estate read model) take the inventory synchronously, re-built only on change. */
  inventorySnapshot(fresh = false): InventorySnapshot {
    const version = this.#store.version(fresh);
    if (this.#snapshot?.version !== version) {
      this.#snapshot = {
        version,
        inventory: { name: this.#store.name(), sites: [...this.#store.sites()], items: this.#store.items(), networks: [...this.#store.networkMappings()], readAt: this.#clock.now().toISOString() },
      };
    }
    return this.#snapshot;
  }

  /** The points replication produced up to now (an injected lag holds the newest back). */
  recoveryPointsNow(itemId: string): RecoveryPoint[] {
    const item = this.#item(itemId);
    const now = this.#clock.now();
    return effectiveRecoveryPoints(item, now, lagSeconds(this.control.faults(), item, now));
  }

  // ---- the lab's own console -----------------------------------------------------------------------------

  /** The lab's operation log (`lab ops`): every operation started, in order, with how it ended. */
  ops(filter: { itemId?: string; limit?: number } = {}): LabOpRecord[] {
    const limit = Math.max(1, Math.min(filter.limit ?? 100_000, 1_000_000));
    const sql = `SELECT seq, key, operation, item_id, state, started_at, ended_at FROM lab_operations ${filter.itemId ? 'WHERE item_id = ?' : ''} ORDER BY seq LIMIT ${limit}`;
    const rows = (filter.itemId ? this.db.prepare(sql).all(filter.itemId) : this.db.prepare(sql).all()) as {
      seq: number;
      key: string;
      operation: string;
      item_id: string | null;
      state: 'running' | 'succeeded' | 'failed' | 'cancelled';
      started_at: string;
      ended_at: string | null;
    }[];
    return rows.map((row) => ({
      seq: row.seq,
      key: row.key,
      operation: row.operation,
      itemId: row.item_id,
      outcome: row.state === 'succeeded' ? 'ok' : row.state,
      at: row.ended_at ?? row.started_at,
    }));
  }

  /** What tests created and have not deleted yet (R10: cleanup leaves nothing). */
  testResources(): { id: string; kind: string; itemId: string | null }[] {
    return (this.db.prepare("SELECT id, kind, item_id FROM lab_resources WHERE kind IN ('test-machine', 'test-network') ORDER BY id").all() as { id: string; kind: string; item_id: string | null }[]).map(
      (row) => ({ id: row.id, kind: row.kind, itemId: row.item_id }),
    );
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#operations.close();
    this.#batcher.close();
    this.db.close();
  }

  #item(itemId: string) {
    const item = this.#store.item(itemId);
    if (!item) throw new FabricError('permanent', `The lab has no machine ${itemId}.`);
    return item;
  }

  async #call<T>(options: CallOptions | undefined, work: () => Promise<T>): Promise<T> {
    options?.signal?.throwIfAborted();
    if (this.#closed) throw new FabricError('unreachable', 'The lab fabric is closed.');
    return work();
  }
}
