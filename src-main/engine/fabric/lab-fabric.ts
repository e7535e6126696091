// The lab fabric: the embedded, simulated DR environment (issue 4 §2). Its state is the live estate in the
// console's database; every applied operation is logged with its idempotency key in the same commit as its
// effect, so a key is applied once however often it is re-issued after a crash.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ProtectedItem, RecoveryPoint } from '../model/estate.ts';
import type { Clock } from '../time/clock.ts';
import type { EstateState } from '../../store/estate-state.ts';
import type { WriteBatcher } from '../../store/write-batcher.ts';
import { protectionAfterFailover } from '../orchestrator/protection.ts';
import { FabricError, type Fabric, type FailoverContext, type ReplicaResult, type SyncResult, type TestMachineResult, type TestNetworkResult } from './fabric.ts';
import { failingFault, hangingFault, lagSeconds, type ActiveFault, type LabOperation, type LabOpRecord } from './lab-faults.ts';
import { effectiveRecoveryPoints, isReplicating } from './lab-replication.ts';
import { shortHash, simulatedSeconds } from './lab-timing.ts';
import { LabControl } from './lab-control.ts';

interface Outcome<T> {
  result: T;
  items?: ProtectedItem[];
  writes?: ((db: DatabaseSync) => void)[];
}

interface ResourceRow {
  id: string;
  kind: string;
  item_id: string | null;
  network_id: string | null;
  data_json: string | null;
}

export class LabFabric implements Fabric {
  readonly #db: DatabaseSync;
  readonly #batcher: WriteBatcher;
  readonly #state: EstateState;
  readonly #clock: Clock;
  readonly control: LabControl;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, batcher: WriteBatcher, state: EstateState, clock: Clock) {
    this.#db = db;
    this.#batcher = batcher;
    this.#state = state;
    this.#clock = clock;
    this.control = new LabControl(db, state);
  }

  // ---- reads -------------------------------------------------------------------------------------------

  async siteReachable(siteId: string): Promise<boolean> {
    return this.#state.site(siteId)?.reachable ?? false;
  }

  async powerState(itemId: string): Promise<'running' | 'off'> {
    return this.#item(itemId).powerState;
  }

  async listRecoveryPoints(itemId: string): Promise<RecoveryPoint[]> {
    return effectiveRecoveryPoints(this.#item(itemId), this.#clock.now(), lagSeconds(this.control.faults(), itemId));
  }

  async vmExists(itemId: string, hostId: string): Promise<boolean> {
    const item = this.#item(itemId);
    if (item.hostId === hostId || item.recoveryHostId === hostId) return true;
    return this.#resource(`vm-${shortHash(`${itemId}/${hostId}`)}`) !== undefined;
  }

  /** The lab's operation log (issue 4 §7 `lab ops`). */
  ops(filter: { itemId?: string; limit?: number } = {}): LabOpRecord[] {
    const limit = Math.max(1, Math.min(filter.limit ?? 100_000, 1_000_000));
    const rows = (
      filter.itemId
        ? this.#db.prepare(`SELECT seq, key, operation, item_id, outcome, at FROM lab_ops WHERE item_id = ? ORDER BY seq LIMIT ${limit}`).all(filter.itemId)
        : this.#db.prepare(`SELECT seq, key, operation, item_id, outcome, at FROM lab_ops ORDER BY seq LIMIT ${limit}`).all()
    ) as { seq: number; key: string; operation: string; item_id: string | null; outcome: 'ok' | 'failed'; at: string }[];
    return rows.map((row) => ({ seq: row.seq, key: row.key, operation: row.operation, itemId: row.item_id, outcome: row.outcome, at: row.at }));
  }

  /** What tests created and have not deleted yet (R10: cleanup leaves nothing). */
  testResources(): { id: string; kind: string; itemId: string | null }[] {
    return (this.#db.prepare("SELECT id, kind, item_id FROM lab_resources WHERE kind IN ('test-machine', 'test-network') ORDER BY id").all() as unknown as ResourceRow[]).map(
      (row) => ({ id: row.id, kind: row.kind, itemId: row.item_id }),
    );
  }

  // ---- failover ----------------------------------------------------------------------------------------

  shutdown(itemId: string, key: string): Promise<void> {
    const item = this.#item(itemId);
    return this.#run('shutdown', item, key, [item.activeSiteId], () => {
      item.powerState = 'off';
      return { result: undefined, items: [item] };
    });
  }

  finalSync(itemId: string, key: string): Promise<SyncResult> {
    const item = this.#item(itemId);
    return this.#run('final-sync', item, key, [item.activeSiteId, otherSide(item)], () => {
      if (item.powerState !== 'off') throw new FabricError('invalid-state', `${item.name} must be shut down before its final synchronisation.`);
      const now = this.#clock.now();
      const recoveryPoint: RecoveryPoint = { id: `${item.id.slice(0, 40)}-sync${shortHash(key).slice(0, 8)}`, time: now.toISOString(), consistency: 'app' };
      item.recoveryPoints = [...this.#points(item), recoveryPoint];
      return { result: { recoveryPoint }, items: [item] };
    });
  }

  createReplica(itemId: string, context: FailoverContext, recoveryPointId: string | undefined, key: string): Promise<ReplicaResult> {
    const item = this.#item(itemId);
    return this.#run('create-replica', item, key, [context.toSiteId], () => {
      if (item.activeSiteId !== context.fromSiteId) throw new FabricError('invalid-state', `${item.name} is not active on ${context.fromSiteId}.`);
      if (item.failoverState === 'commit-pending') throw new FabricError('invalid-state', `${item.name} has a failover waiting for commit.`);
      const points = this.#points(item);
      const point = recoveryPointId ? points.find((p) => p.id === recoveryPointId) : points[points.length - 1];
      if (!point) throw new FabricError('invalid-state', recoveryPointId ? `${item.name} has no recovery point ${recoveryPointId}.` : `${item.name} has no recovery point to fail over from.`);
      // Replication stops at failover: the points are frozen so R7's change and commit see the same list.
      item.recoveryPoints = points;
      const result = { recoveryPointId: point.id, recoveryPointTime: point.time };
      return { result, items: [item], writes: [this.#putResource(`replica-${item.id}`, 'replica', item.id, null, key, result)] };
    });
  }

  startReplica(itemId: string, context: FailoverContext, key: string): Promise<void> {
    const item = this.#item(itemId);
    return this.#run('start-replica', item, key, [context.toSiteId], () => {
      const replica = this.#resource(`replica-${item.id}`);
      if (!replica && context.type !== 'failback') throw new FabricError('invalid-state', `${item.name} has no replica to start.`);
      const data = replica?.data_json ? (JSON.parse(replica.data_json) as Partial<ReplicaResult>) : {};
      const targetKind = this.#state.site(context.toSiteId)?.kind ?? 'vmm';
      item.activeSiteId = context.toSiteId;
      item.powerState = 'running';
      item.failoverState = 'commit-pending';
      item.lastFailover = {
        type: context.type === 'unplanned' ? 'unplanned' : 'planned',
        at: this.#clock.now().toISOString(),
        fromSiteId: context.fromSiteId,
        toSiteId: context.toSiteId,
        ...(data.recoveryPointId ? { recoveryPointId: data.recoveryPointId } : {}),
      };
      if (context.hostId) item.hostId = context.hostId;
      item.replication.state = protectionAfterFailover(context.type, targetKind); // R8
      return { result: undefined, items: [item], writes: [this.#deleteResource(`replica-${item.id}`)] };
    });
  }

  changeRecoveryPoint(itemId: string, recoveryPointId: string, key: string): Promise<ReplicaResult> {
    const item = this.#item(itemId);
    return this.#run('change-recovery-point', item, key, [item.activeSiteId], () => {
      if (item.failoverState !== 'commit-pending' || !item.lastFailover) throw new FabricError('invalid-state', `${item.name} is not commit pending (R7).`);
      const point = item.recoveryPoints.find((p) => p.id === recoveryPointId);
      if (!point) throw new FabricError('invalid-state', `${item.name} has no recovery point ${recoveryPointId}.`);
      item.lastFailover = { ...item.lastFailover, recoveryPointId: point.id };
      return { result: { recoveryPointId: point.id, recoveryPointTime: point.time }, items: [item] };
    });
  }

  commit(itemId: string, key: string): Promise<{ removedRecoveryPoints: number }> {
    const item = this.#item(itemId);
    return this.#run('commit', item, key, [item.activeSiteId], () => {
      if (item.failoverState !== 'commit-pending') throw new FabricError('invalid-state', `${item.name} is not commit pending: only a commit-pending failover can be committed (R7).`);
      const keep = item.lastFailover?.recoveryPointId;
      const before = item.recoveryPoints.length;
      item.recoveryPoints = item.recoveryPoints.filter((p) => p.id === keep);
      item.failoverState = 'committed';
      return { result: { removedRecoveryPoints: before - item.recoveryPoints.length }, items: [item] };
    });
  }

  removeRecoveryPoints(itemId: string, keepId: string, key: string): Promise<number> {
    const item = this.#item(itemId);
    return this.#run('remove-recovery-points', item, key, [item.activeSiteId], () => {
      const before = item.recoveryPoints.length;
      item.recoveryPoints = item.recoveryPoints.filter((p) => p.id === keepId);
      return { result: before - item.recoveryPoints.length, items: [item] };
    });
  }

  startReverseReplication(itemId: string, mode: 'delta' | 'full', key: string): Promise<void> {
    const item = this.#item(itemId);
    return this.#run('reverse-replication', item, key, [item.activeSiteId, otherSide(item)], () => {
      if (item.failoverState === 'commit-pending') throw new FabricError('invalid-state', `${item.name} must be committed before reverse replication.`);
      // R9: the active site becomes the protected side, the other one the recovery side.
      const other = otherSide(item);
      const { hostId, recoveryHostId, cloudId, recoveryCloudId } = item;
      item.primarySiteId = item.activeSiteId;
      item.recoverySiteId = other;
      assignOptional(item, 'hostId', recoveryHostId);
      assignOptional(item, 'recoveryHostId', hostId);
      assignOptional(item, 'cloudId', recoveryCloudId);
      assignOptional(item, 'recoveryCloudId', cloudId);
      item.replication.state = 'protected';
      item.replication.initialProgress = 100;
      item.failoverState = 'none';
      item.recoveryPoints = [{ id: `${item.id.slice(0, 40)}-rev${shortHash(key).slice(0, 8)}`, time: this.#clock.now().toISOString(), consistency: 'app' }];
      return { result: undefined, items: [item] };
    }, mode);
  }

  // ---- test failover (R10, R11) ------------------------------------------------------------------------

  /** `name`: the engine names test resources from the key (R10), so cleanup can delete one whose answer was lost. */
  createTestNetwork(siteId: string, logicalNetwork: string, key: string, name?: string): Promise<TestNetworkResult> {
    return this.#run('create-test-network', undefined, key, [siteId], () => {
      const networkId = name ?? `testnet-${shortHash(key)}`;
      return { result: { networkId }, writes: [this.#putResource(networkId, 'test-network', null, null, key, { siteId, logicalNetwork })] };
    });
  }

  deleteTestNetwork(networkId: string, key: string): Promise<void> {
    return this.#run('delete-test-network', undefined, key, [], () => ({ result: undefined, writes: [this.#deleteResource(networkId)] }));
  }

  createTestMachine(itemId: string, networkId: string | null, recoveryPointId: string | undefined, key: string, name?: string): Promise<TestMachineResult> {
    const item = this.#item(itemId);
    return this.#run('create-test-machine', item, key, [otherSide(item)], () => {
      const points = this.#points(item);
      const point = recoveryPointId ? points.find((p) => p.id === recoveryPointId) : points[points.length - 1];
      if (!point) throw new FabricError('invalid-state', `${item.name} has no recovery point for a test failover (R2).`);
      const machineId = name ?? `test-${shortHash(key)}`;
      const hostId = item.activeSiteId === item.primarySiteId ? item.recoveryHostId : item.hostId;
      const result: TestMachineResult = { machineId, networkId, ...(hostId ? { hostId } : {}) };
      return { result, writes: [this.#putResource(machineId, 'test-machine', item.id, networkId, key, { recoveryPointId: point.id, running: false })] };
    });
  }

  startTestMachine(machineId: string, key: string): Promise<void> {
    const resource = this.#resource(machineId);
    const item = resource?.item_id ? this.#state.item(resource.item_id) : undefined;
    return this.#run('start-test-machine', item, key, [], () => {
      if (!resource) throw new FabricError('invalid-state', `There is no test machine ${machineId}.`);
      return { result: undefined };
    });
  }

  deleteTestMachine(machineId: string, key: string): Promise<void> {
    const resource = this.#resource(machineId);
    const item = resource?.item_id ? this.#state.item(resource.item_id) : undefined;
    // Deleting what is already gone succeeds: cleanup must be safe to repeat.
    return this.#run('delete-test-machine', item, key, [], () => ({ result: undefined, writes: [this.#deleteResource(machineId)] }));
  }

  // ---- failback (R15, R16) -----------------------------------------------------------------------------

  failbackSnapshotCopy(itemId: string, key: string): Promise<void> {
    const item = this.#item(itemId);
    return this.#run('failback-snapshot', item, key, [item.activeSiteId, otherSide(item)], () => ({
      result: undefined,
      writes: [this.#putResource(`snapshot-${item.id}`, 'snapshot', item.id, null, key, {})],
    }));
  }

  failbackFinalDelta(itemId: string, mode: 'after-snapshot' | 'changed-blocks', key: string): Promise<void> {
    const item = this.#item(itemId);
    return this.#run('failback-final-delta', item, key, [item.activeSiteId, otherSide(item)], () => {
      if (item.powerState !== 'off') throw new FabricError('invalid-state', `${item.name} must be shut down in Azure before the final synchronisation.`);
      if (mode === 'after-snapshot' && !this.#resource(`snapshot-${item.id}`)) throw new FabricError('invalid-state', `${item.name} has no snapshot copy to complete.`);
      return { result: undefined, writes: [this.#deleteResource(`snapshot-${item.id}`)] };
    }, mode);
  }

  createVm(itemId: string, hostId: string, key: string): Promise<void> {
    const item = this.#item(itemId);
    return this.#run('create-vm', item, key, [otherSide(item)], () => ({
      result: undefined,
      writes: [this.#putResource(`vm-${shortHash(`${itemId}/${hostId}`)}`, 'vm', item.id, null, key, { hostId })],
    }));
  }

  // ---- machinery ---------------------------------------------------------------------------------------

  async #run<T>(operation: LabOperation, item: ProtectedItem | undefined, key: string, siteIds: readonly string[], work: () => Outcome<T>, mode?: string): Promise<T> {
    const applied = this.#sql("SELECT result_json FROM lab_ops WHERE key = ? AND outcome = 'ok'").get(key) as { result_json: string | null } | undefined;
    if (applied) return (applied.result_json === null ? undefined : JSON.parse(applied.result_json)) as T;
    const faults = this.control.faults();
    const itemId = item?.id;
    for (const siteId of siteIds) {
      const site = this.#state.site(siteId);
      if (!site?.reachable) await this.#fail(operation, itemId, key, new FabricError('unreachable', `Site ${site?.name ?? siteId} is unreachable: ${operation} cannot reach it.`));
    }
    const failing = failingFault(faults, operation, itemId);
    if (failing) await this.#fail(operation, itemId, key, new FabricError('failed', faultMessage(failing, operation, item)), failing);
    if (hangingFault(faults, operation, itemId)) await new Promise<never>(() => undefined);
    const { timeScale, seed } = this.control.settings();
    if (timeScale > 0) {
      const seconds = simulatedSeconds(seed, key, operation, item?.diskGb ?? 64, mode);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000 * timeScale));
    }
    let outcome: Outcome<T>;
    try {
      outcome = work();
    } catch (error) {
      if (error instanceof FabricError) await this.#fail(operation, itemId, key, error);
      throw error;
    }
    const at = this.#clock.now().toISOString();
    const resultJson = outcome.result === undefined ? null : JSON.stringify(outcome.result);
    let appliedMeanwhile: { result_json: string | null } | undefined;
    await this.#batcher.write((db) => {
      // Checked again inside the commit: a second caller with the same key (a resumed runner, a retry after a
      // timeout) may have applied it while this one waited; the key is applied once (unique index, 0201).
      appliedMeanwhile = this.#sql("SELECT result_json FROM lab_ops WHERE key = ? AND outcome = 'ok'").get(key) as { result_json: string | null } | undefined;
      if (appliedMeanwhile) return;
      this.#sql("INSERT INTO lab_ops (key, operation, item_id, outcome, at, result_json) VALUES (?, ?, ?, 'ok', ?, ?)").run(key, operation, itemId ?? null, at, resultJson);
      for (const changed of outcome.items ?? []) this.#state.persist(db, 'item', changed);
      for (const write of outcome.writes ?? []) write(db);
    });
    if (appliedMeanwhile) return (appliedMeanwhile.result_json === null ? undefined : JSON.parse(appliedMeanwhile.result_json)) as T;
    return outcome.result;
  }

  async #fail(operation: LabOperation, itemId: string | undefined, key: string, error: FabricError, fault?: ActiveFault): Promise<never> {
    const at = this.#clock.now().toISOString();
    await this.#batcher.write((db) => {
      db.prepare("INSERT INTO lab_ops (key, operation, item_id, outcome, at, result_json) VALUES (?, ?, ?, 'failed', ?, ?)").run(key, operation, itemId ?? null, at, JSON.stringify({ error: error.message }));
      if (fault && 'mode' in fault.spec && fault.spec.mode === 'once') db.prepare('UPDATE lab_faults SET consumed = 1 WHERE id = ?').run(fault.id);
    });
    if (fault) this.control.invalidate();
    throw error;
  }

  #sql(text: string): StatementSync {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  #item(itemId: string): ProtectedItem {
    const item = this.#state.item(itemId);
    if (!item) throw new FabricError('invalid-state', `The lab has no machine ${itemId}.`);
    return item;
  }

  #points(item: ProtectedItem): RecoveryPoint[] {
    return isReplicating(item) || item.recoveryPoints.length > 0
      ? effectiveRecoveryPoints(item, this.#clock.now(), lagSeconds(this.control.faults(), item.id))
      : [];
  }

  #resource(id: string): ResourceRow | undefined {
    return this.#sql('SELECT * FROM lab_resources WHERE id = ?').get(id) as ResourceRow | undefined;
  }

  // Run inside the batch transaction on the same connection the statements were prepared on.
  #putResource(id: string, kind: string, itemId: string | null, networkId: string | null, key: string, data: unknown): (db: DatabaseSync) => void {
    return () => {
      this.#sql('INSERT INTO lab_resources (id, kind, item_id, network_id, created_key, data_json) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET data_json = excluded.data_json').run(
        id,
        kind,
        itemId,
        networkId,
        key,
        JSON.stringify(data),
      );
    };
  }

  #deleteResource(id: string): (db: DatabaseSync) => void {
    return () => {
      this.#sql('DELETE FROM lab_resources WHERE id = ?').run(id);
    };
  }
}

/** The site on the other side of an item's replication from where it is active. */
export function otherSide(item: ProtectedItem): string {
  return item.activeSiteId === item.primarySiteId ? item.recoverySiteId : item.primarySiteId;
}

function assignOptional<K extends 'hostId' | 'recoveryHostId' | 'cloudId' | 'recoveryCloudId'>(item: ProtectedItem, key: K, value: string | undefined): void {
  if (value === undefined) delete item[key];
  else item[key] = value;
}

function faultMessage(fault: ActiveFault, operation: LabOperation, item: ProtectedItem | undefined): string {
  const name = item?.name ?? 'the machine';
  if (fault.spec.kind === 'boot-failure') return `${name} did not boot (injected boot failure).`;
  return `${operation} failed for ${name} (injected fault).`;
}
