// The lab's operations, run the way a remote service runs them: `start` records the operation under its
// idempotency key and answers its id; the work happens later (simulated duration × time scale; 0 = at
// once) and its effect and final state commit in ONE lab transaction; `poll` answers the recorded state.
// The lab's database is the only truth: an operation whose executor died with its process is applied by
// the next poll once it is due, by whichever process polls first (the transaction re-checks its state).
// Faults shaped like a remote service's (throttling, transient errors, hangs, slowness, partial failures,
// lost answers) are injected here; see lab-faults.ts and docs/decisions.md.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { newUlid } from '../../domain/jobs/job-id.ts';
import type { ProtectedItem } from '../../domain/model/estate.ts';
import type { Clock } from '../../domain/time/clock.ts';
import { FabricError, type FabricErrorKind, type FabricOperation, type OperationHandle, type OperationStatus } from '../../domain/ports/fabric-port.ts';
import { inTransaction } from '../sqlite/database.ts';
import type { WriteBatcher } from '../sqlite/write-batcher.ts';
import { failingFault, faultFor, lagSeconds, type ActiveFault, type LabOperation } from './lab-faults.ts';
import type { LabControl } from './lab-control.ts';
import { effectiveRecoveryPoints } from './lab-replication.ts';
import type { LabStore } from './lab-store.ts';
import { simulatedSeconds } from './lab-timing.ts';
import { LabConflict, sitesTouched, transition, type LabResource, type LabWorld } from './lab-transitions.ts';

/** How long any poll waits for an operation that is about to complete. */
const LONG_POLL_MS = 250;

export interface OperationRow {
  seq: number;
  id: string;
  key: string;
  operation: string;
  operation_json: string;
  item_id: string | null;
  state: 'running' | 'succeeded' | 'failed' | 'cancelled';
  applied: number;
  started_at: string;
  due_ms: number | null;
  ended_at: string | null;
  result_json: string | null;
  error_json: string | null;
}

interface Applied {
  items: ProtectedItem[];
  faultsChanged: boolean;
  /** The operation's row as this transaction left it. */
  row: OperationRow;
}

/** How many answers of operations completed at their start are kept for their first poll. */
const ANSWERED_AT_START_MAX = 10_000;

export class LabOperations {
  readonly #adapterId: string;
  readonly #db: DatabaseSync;
  readonly #batcher: WriteBatcher;
  readonly #store: LabStore;
  readonly #control: LabControl;
  readonly #clock: Clock;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #statements = new Map<string, StatementSync>();
  /**
   * Operations this process completed at their start (time scale 0), as committed: the poll that follows the
   * start at once is answered from here instead of reading the row back. A final row never changes again, and
   * each is handed out once (a later poll reads the database).
   */
  readonly #answeredAtStart = new Map<string, OperationRow>();
  #closed = false;

  constructor(deps: { adapterId: string; db: DatabaseSync; batcher: WriteBatcher; store: LabStore; control: LabControl; clock: Clock }) {
    this.#adapterId = deps.adapterId;
    this.#db = deps.db;
    this.#batcher = deps.batcher;
    this.#store = deps.store;
    this.#control = deps.control;
    this.#clock = deps.clock;
  }

  async start(operation: FabricOperation, key: string): Promise<OperationHandle> {
    const existing = this.#liveByKey(key);
    if (existing) return this.#handle(existing.id);
    const itemId = this.#itemIdOf(operation);
    const item = itemId === null ? undefined : this.#store.item(itemId);
    if ('itemId' in operation && !item) throw new FabricError('permanent', `The lab has no machine ${operation.itemId}.`);
    const name = operation.op as LabOperation;
    // Refused before anything is recorded: the call never reached the service, or the service pushed back.
    for (const siteId of sitesTouched(operation, item)) {
      const site = this.#store.site(siteId);
      if (!site?.reachable) throw new FabricError('unreachable', `Site ${site?.name ?? siteId} is unreachable: ${name} cannot reach it.`);
    }
    const faults = this.#control.faults();
    const throttled = faultFor(faults, 'throttled', name, itemId ?? undefined);
    if (throttled?.spec.kind === 'throttled') {
      this.#spend(throttled);
      throw new FabricError('throttled', `The lab throttled ${name} for ${item?.name ?? itemId} (injected); retry after ${throttled.spec.retryAfterMs} ms.`, { retryAfterMs: throttled.spec.retryAfterMs });
    }
    const transient = faultFor(faults, 'transient', name, itemId ?? undefined);
    if (transient) {
      this.#spend(transient);
      throw new FabricError('transient', `${name} for ${item?.name ?? itemId} failed transiently (injected); it may be retried.`);
    }
    const delayMs = this.#delayMs(operation, key, item, faults);
    const lost = faultFor(faults, 'lost-answer', name, itemId ?? undefined);
    const loseAnswer = lost?.spec.kind === 'lost-answer' && lost.spec.on === 'start' ? lost : undefined;
    // Time-ordered: the operation table's id index grows at its end (a random id touched a page per row).
    const id = `labop-${newUlid(this.#clock.now().getTime())}`;
    let answered = id;
    let applied: Applied | undefined;
    await this.#write(
      () => {
        // This write may run twice (write-batcher.ts): what it decides is reset first.
        answered = id;
        applied = undefined;
        // Checked again inside the commit: another caller (here or in another process) may have started it.
        const raced = this.#liveByKey(key);
        if (raced) {
          answered = raced.id;
          return;
        }
        const operationJson = JSON.stringify(operation);
        const startedAt = this.#clock.now().toISOString();
        const dueMs = delayMs === null ? null : Date.now() + delayMs;
        const row: OperationRow = { seq: 0, id, key, operation: name, operation_json: operationJson, item_id: itemId, state: 'running', applied: 0, started_at: startedAt, due_ms: dueMs, ended_at: null, result_json: null, error_json: null };
        // At once (time scale 0): recorded in its final state, effect and all, in this one commit.
        if (delayMs === 0) applied = this.#apply(row);
        else this.#record(row, 'running', false, undefined, undefined);
        if (loseAnswer) this.#fired(loseAnswer);
      },
      () => this.#publish(applied, loseAnswer !== undefined),
    );
    if (answered !== id) return this.#handle(answered);
    if (applied && !loseAnswer) {
      if (this.#answeredAtStart.size >= ANSWERED_AT_START_MAX) this.#answeredAtStart.delete(this.#answeredAtStart.keys().next().value!);
      this.#answeredAtStart.set(id, applied.row);
    }
    if (delayMs !== null && delayMs > 0) this.#schedule(id, delayMs);
    if (loseAnswer) throw new FabricError('outcome-unknown', `The answer to ${name} for ${item?.name ?? itemId} was lost (injected); it was applied.`);
    return this.#handle(id);
  }

  async poll(handle: OperationHandle, signal?: AbortSignal, waitMs = 0): Promise<OperationStatus> {
    let row = this.#answeredAtStart.get(handle.operationId) ?? this.#byId(handle.operationId);
    this.#answeredAtStart.delete(handle.operationId);
    if (!row) throw new FabricError('permanent', `The lab has no operation ${handle.operationId}.`);
    // A long poll: an operation due within LONG_POLL_MS — or within the caller's `waitMs` (CallOptions), the
    // runner's polls once the handle is durable — is waited for, so a poller sees it end on time rather than
    // one backoff interval late (the plan-duration target in docs/performance.md).
    const wait = row.state === 'running' && row.due_ms !== null ? row.due_ms - Date.now() : Infinity;
    if (wait > 0 && wait <= Math.max(LONG_POLL_MS, waitMs)) await pause(wait, signal);
    if (row.state === 'running' && row.due_ms !== null && Date.now() >= row.due_ms) {
      await this.#complete(row.id);
      row = this.#byId(row.id)!;
    }
    if (row.state !== 'running') {
      const lost = faultFor(this.#control.faults(), 'lost-answer', row.operation as LabOperation, row.item_id ?? undefined);
      if (lost?.spec.kind === 'lost-answer' && lost.spec.on === 'poll') {
        if (inTransaction(this.#db, () => this.#fired(lost))) this.#control.invalidate();
        throw new FabricError('outcome-unknown', `The answer to polling ${row.operation} was lost (injected).`);
      }
    }
    return statusOf(row);
  }

  lookup(key: string): OperationHandle | undefined {
    const row = this.#sql('SELECT id FROM lab_operations WHERE key = ? ORDER BY seq DESC LIMIT 1').get(key) as { id: string } | undefined;
    return row ? this.#handle(row.id) : undefined;
  }

  /** Stops an operation that has not been applied; one already applied (or failed) cannot be undone. */
  async cancel(handle: OperationHandle): Promise<void> {
    const row = this.#byId(handle.operationId);
    if (!row) throw new FabricError('permanent', `The lab has no operation ${handle.operationId}.`);
    let refused: OperationRow | undefined;
    await this.#write(() => {
      refused = undefined; // this write may run twice (write-batcher.ts)
      const current = this.#byId(row.id)!;
      if (current.state === 'cancelled') return;
      if (current.state !== 'running') {
        refused = current;
        return;
      }
      this.#sql("UPDATE lab_operations SET state = 'cancelled', ended_at = ? WHERE id = ?").run(this.#clock.now().toISOString(), row.id);
    });
    if (refused) throw new FabricError('conflict', `${refused.operation} has already ${refused.state === 'succeeded' ? 'been applied' : 'failed'}; it cannot be cancelled.`);
    clearTimeout(this.#timers.get(row.id));
    this.#timers.delete(row.id);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#answeredAtStart.clear();
  }

  // ---- machinery -----------------------------------------------------------------------------------------

  /** A lab commit that was refused left nothing behind (its transaction rolled back): the caller may retry. */
  async #write(work: () => void, afterCommit?: () => void): Promise<void> {
    try {
      await this.#batcher.write(work, afterCommit);
    } catch (error) {
      throw new FabricError('transient', `The lab could not record the operation: ${(error as Error).message}`, { cause: error });
    }
  }

  #schedule(id: string, delayMs: number): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(id);
      // A failed completion (the database busy) is retried by the next poll: the operation is due.
      this.#complete(id).catch(() => undefined);
    }, delayMs);
    this.#timers.set(id, timer);
  }

  async #complete(id: string): Promise<void> {
    let applied: Applied | undefined;
    await this.#write(
      () => {
        applied = undefined; // this write may run twice (write-batcher.ts)
        const row = this.#byId(id);
        if (row?.state === 'running') applied = this.#apply(row);
      },
      () => this.#publish(applied, false),
    );
  }

  /** Inside a lab transaction: applies a running operation — effect and final state in one commit. */
  #apply(row: OperationRow): Applied {
    const operation = JSON.parse(row.operation_json) as FabricOperation;
    const name = row.operation as LabOperation;
    const itemId = row.item_id ?? undefined;
    const faults = this.#control.faults();
    const now = this.#clock.now();
    const transaction = this.#batcher.openTransaction;
    const failing = failingFault(faults, name, itemId);
    if (failing) {
      const written = this.#record(row, 'failed', false, undefined, { kind: 'permanent', message: faultMessage(failing, name, this.#store.readItem(itemId ?? '', transaction)?.name) });
      return { items: [], faultsChanged: this.#fired(failing), row: written };
    }
    const world: LabWorld = {
      item: 'itemId' in operation ? this.#store.readItem(operation.itemId, transaction) : undefined,
      site: (siteId) => this.#store.readSite(siteId, transaction),
      resource: (resourceId) => this.#resource(resourceId),
      points: (item) => effectiveRecoveryPoints(item, now, lagSeconds(faults, item, now)),
    };
    let changed: ReturnType<typeof transition>;
    try {
      changed = transition(world, operation, row.key, now);
    } catch (error) {
      if (!(error instanceof LabConflict)) throw error;
      const written = this.#record(row, 'failed', false, undefined, { kind: 'conflict', message: error.message });
      return { items: [], faultsChanged: false, row: written };
    }
    if (changed.item) this.#store.write('item', changed.item, transaction);
    for (const resource of changed.put ?? []) this.#putResource(resource, row.key);
    for (const resourceId of changed.remove ?? []) this.#sql('DELETE FROM lab_resources WHERE id = ?').run(resourceId);
    const partial = faultFor(faults, 'partial-failure', name, itemId);
    if (partial) {
      const written = this.#record(row, 'failed', true, changed.result, { kind: 'permanent', message: `${name} failed halfway (injected partial failure); part of it was applied.` });
      return { items: changed.item ? [changed.item] : [], faultsChanged: this.#fired(partial), row: written };
    }
    const written = this.#record(row, 'succeeded', true, changed.result, undefined);
    return { items: changed.item ? [changed.item] : [], faultsChanged: false, row: written };
  }

  /** Writes the operation's row in the given state: inserted the first time, updated afterwards. */
  #record(row: OperationRow, state: OperationRow['state'], applied: boolean, result: unknown, error: { kind: FabricErrorKind; message: string } | undefined): OperationRow {
    const written: OperationRow = {
      ...row,
      state,
      applied: applied ? 1 : 0,
      ended_at: state === 'running' ? null : this.#clock.now().toISOString(),
      result_json: result === undefined ? null : JSON.stringify(result),
      error_json: error ? JSON.stringify(error) : null,
    };
    this.#sql(
      `INSERT INTO lab_operations (id, key, operation, operation_json, item_id, state, applied, started_at, due_ms, ended_at, result_json, error_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, applied = excluded.applied, ended_at = excluded.ended_at, result_json = excluded.result_json, error_json = excluded.error_json`,
    ).run(
      written.id,
      written.key,
      written.operation,
      written.operation_json,
      written.item_id,
      written.state,
      written.applied,
      written.started_at,
      written.due_ms,
      written.ended_at,
      written.result_json,
      written.error_json,
    );
    return written;
  }

  #publish(applied: Applied | undefined, faultsChanged: boolean): void {
    if (applied && applied.items.length > 0) this.#store.publish({ items: applied.items });
    if (faultsChanged || applied?.faultsChanged) this.#control.invalidate();
  }

  /** A counted fault answers one more call; spent, it is gone. */
  #spend(fault: ActiveFault): void {
    inTransaction(this.#db, () => this.#sql('UPDATE lab_faults SET remaining = remaining - 1, consumed = CASE WHEN remaining <= 1 THEN 1 ELSE 0 END, fired = fired + 1 WHERE id = ?').run(fault.id));
    this.#control.invalidate();
  }

  /**
   * Inside a transaction: the fault answered a call — counted (drills prove their faults met a call), and gone
   * if it fires once. Answers whether the list of active faults changed.
   */
  #fired(fault: ActiveFault): boolean {
    const once = 'mode' in fault.spec && fault.spec.mode === 'once';
    this.#sql('UPDATE lab_faults SET fired = fired + 1, consumed = CASE WHEN ? THEN 1 ELSE consumed END WHERE id = ?').run(once ? 1 : 0, fault.id);
    return once;
  }

  #delayMs(operation: FabricOperation, key: string, item: ProtectedItem | undefined, faults: readonly ActiveFault[]): number | null {
    const name = operation.op as LabOperation;
    if (faultFor(faults, 'hang', name, item?.id)) return null; // a hung remote job: running until cancelled
    const { timeScale, seed } = this.#control.settings();
    const slow = faultFor(faults, 'slow', name, item?.id);
    const mode = 'mode' in operation ? operation.mode : undefined;
    const simulated = timeScale > 0 ? simulatedSeconds(seed, key, name, item?.diskGb ?? 64, mode) * 1000 * timeScale : 0;
    return Math.round(simulated + (slow?.spec.kind === 'slow' ? slow.spec.seconds * 1000 : 0));
  }

  /** The item an operation is about (a test machine's is its item's), for the log and the faults. */
  #itemIdOf(operation: FabricOperation): string | null {
    if ('itemId' in operation) return operation.itemId;
    if ('machineId' in operation) return this.#resource(operation.machineId)?.itemId ?? null;
    return null;
  }

  #handle(operationId: string): OperationHandle {
    return { adapterId: this.#adapterId, operationId };
  }

  #liveByKey(key: string): { id: string } | undefined {
    return this.#sql("SELECT id FROM lab_operations WHERE key = ? AND (state IN ('running', 'succeeded') OR applied = 1)").get(key) as { id: string } | undefined;
  }

  #byId(id: string): OperationRow | undefined {
    return this.#sql('SELECT * FROM lab_operations WHERE id = ?').get(id) as OperationRow | undefined;
  }

  #resource(id: string): LabResource | undefined {
    const row = this.#sql('SELECT id, kind, item_id, network_id, data_json FROM lab_resources WHERE id = ?').get(id) as
      | { id: string; kind: LabResource['kind']; item_id: string | null; network_id: string | null; data_json: string | null }
      | undefined;
    return row ? { id: row.id, kind: row.kind, itemId: row.item_id, networkId: row.network_id, data: JSON.parse(row.data_json ?? '{}') as Record<string, unknown> } : undefined;
  }

  #putResource(resource: LabResource, key: string): void {
    this.#sql('INSERT INTO lab_resources (id, kind, item_id, network_id, created_key, data_json) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET data_json = excluded.data_json').run(
      resource.id,
      resource.kind,
      resource.itemId,
      resource.networkId,
      key,
      JSON.stringify(resource.data),
    );
  }

  #sql(text: string): StatementSync {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }
}

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function statusOf(row: OperationRow): OperationStatus {
  switch (row.state) {
    case 'running':
      return { state: 'running' };
    case 'succeeded':
      return { state: 'succeeded', result: row.result_json === null ? {} : (JSON.parse(row.result_json) as unknown) };
    case 'failed':
      return { state: 'failed', error: JSON.parse(row.error_json ?? '{"kind":"permanent","message":"The operation failed."}') as { kind: FabricErrorKind; message: string } };
    case 'cancelled':
      return { state: 'cancelled', message: `${row.operation} was cancelled before it was applied.` };
  }
}

function faultMessage(fault: ActiveFault, operation: LabOperation, name: string | undefined): string {
  if (fault.spec.kind === 'boot-failure') return `${name ?? 'The machine'} did not boot (injected boot failure).`;
  return `${operation} failed for ${name ?? 'the machine'} (injected fault).`;
}

