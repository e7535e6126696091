// Jobs, their step trees and cleanup ledgers in SQLite. Writes are closures run inside a group commit
// (write-batcher.ts); each captures its values when queued, so a later change cannot leak into it.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { AppError } from '../../contract/errors.ts';
import type { OperationRequest } from '../../domain/model/operation.ts';
import {
  FINISHED_STATUSES,
  type CleanupEntry,
  type FailurePolicy,
  type Job,
  type JobStatus,
  type JobSummary,
  type StepNode,
  type StepSpec,
} from '../../domain/jobs/job-model.ts';
import { PROGRESS_ENDED_STATUSES, progressOf, progressPercent, type TestVerdict } from '../../domain/jobs/job-model.ts';
import { specOf } from '../../domain/jobs/step-tree.ts';
import { StaleRevision, type JobFilter, type JobPatch, type JobRepository } from '../../domain/ports/job-persistence.ts';
import { StatementCache } from './statement-cache.ts';

interface JobRow {
  id: string;
  operation: string;
  status: string;
  phase: string | null;
  request_json: string;
  scope_name: string;
  plan_id: string | null;
  item_ids_json: string;
  failure_policy: string;
  notes: string;
  summary_json: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  cancel_requested: number;
  forced: number;
  verdict: string | null;
  revision: number;
  request_id: string | null;
}

interface StepRow {
  id: string;
  parent_id: string | null;
  ordinal: number;
  kind: string;
  label: string;
  item_id: string | null;
  spec_json: string;
  status: string;
  attempt: number;
  started_at: string | null;
  ended_at: string | null;
  error: string | null;
  output: string | null;
  result_json: string | null;
  note: string | null;
}

function stepFromRow(row: StepRow): StepNode {
  const spec = JSON.parse(row.spec_json) as StepSpec;
  const node: StepNode = {
    ...spec,
    id: row.id,
    parentId: row.parent_id,
    ordinal: row.ordinal,
    kind: row.kind as StepNode['kind'],
    label: row.label,
    status: row.status as StepNode['status'],
    attempt: row.attempt,
  };
  if (row.item_id) node.itemId = row.item_id;
  if (row.started_at) node.startedAt = row.started_at;
  if (row.ended_at) node.endedAt = row.ended_at;
  if (row.error) node.error = row.error;
  if (row.output) node.output = row.output;
  if (row.result_json) node.result = JSON.parse(row.result_json) as Record<string, unknown>;
  if (row.note) node.note = row.note;
  return node;
}


/** The SQLite job repository; its transaction handle is the connection a group commit runs on. */
/**
 * Served by the index job_cleanup_open (migration 0240): a cleanup step reads its own rows only. Named, because
 * without statistics the planner prefers job_cleanup_created for its ORDER BY, which walks the whole ledger.
 */
export const OPEN_CLEANUP_SQL = {
  ofKind: 'SELECT * FROM job_cleanup INDEXED BY job_cleanup_open WHERE job_id = ? AND kind = ? AND deleted_at IS NULL ORDER BY created_at, resource_id',
  ofKindAndItem: 'SELECT * FROM job_cleanup INDEXED BY job_cleanup_open WHERE job_id = ? AND kind = ? AND item_id = ? AND deleted_at IS NULL ORDER BY created_at, resource_id',
  any: 'SELECT * FROM job_cleanup INDEXED BY job_cleanup_open WHERE job_id = ? AND deleted_at IS NULL LIMIT ?',
};

/** Served by job_cleanup_created and job_cleanup_deleted (migration 0241): what changed, not the ledger. */
export const CLEANUP_SINCE_SQL = `SELECT * FROM job_cleanup WHERE job_id = ? AND created_at >= ?
  UNION SELECT * FROM job_cleanup WHERE job_id = ? AND deleted_at >= ?
  ORDER BY created_at, resource_id`;

interface CleanupRow {
  resource_id: string;
  kind: CleanupEntry['kind'];
  item_id: string | null;
  created_at: string;
  created_by: string;
  deleted_at: string | null;
  deleted_by: string | null;
}

function cleanupEntry(row: CleanupRow): CleanupEntry {
  const entry: CleanupEntry = { resourceId: row.resource_id, kind: row.kind, createdAt: row.created_at, createdBy: row.created_by };
  if (row.item_id) entry.itemId = row.item_id;
  if (row.deleted_at) entry.deletedAt = row.deleted_at;
  if (row.deleted_by) entry.deletedBy = row.deleted_by;
  return entry;
}

export class JobStore implements JobRepository<DatabaseSync> {
  readonly #db: DatabaseSync;
  readonly #cache: StatementCache;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#cache = new StatementCache(db);
  }

  #prepare(db: DatabaseSync, sql: string): StatementSync {
    return this.#cache.get(sql, db);
  }

  /** Inserts a job, its whole step tree and its machine locks (inside the caller's transaction). */
  insert(db: DatabaseSync, job: Job, requestId?: string): void {
    this.#prepare(
      db,
      `INSERT INTO jobs (id, seq, operation, status, phase, request_json, scope_name, plan_id, item_ids_json, failure_policy, notes, created_at, request_id)
       VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM jobs), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(job.id, job.operation, job.status, job.phase, JSON.stringify(job.request), job.scopeName, job.planId, JSON.stringify(job.itemIds), job.failurePolicy, job.notes, job.createdAt, requestId ?? null);
    this.lockItems(db, job.id, job.itemIds); // after the row (foreign key); a clash rolls the whole insert back
    const insertStep = this.#prepare(
      db,
      `INSERT INTO job_steps (job_id, id, parent_id, ordinal, kind, label, item_id, spec_json, status, attempt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const node of job.steps) {
      insertStep.run(job.id, node.id, node.parentId, node.ordinal, node.kind, node.label, node.itemId ?? null, JSON.stringify(specOf(node)), node.status, node.attempt);
    }
  }

  /** The newest job's sequence number: read before pre-flight reads the estate (see startedSince). */
  lastSeq(): number {
    return (this.#db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM jobs').get() as { seq: number }).seq;
  }

  /**
   * Jobs on any of `itemIds` created after `seq` (in the caller's transaction). Pre-flight judged the machines as
   * they were when it read them; a job started since — and possibly already finished, its locks released — makes
   * that judgement stale, so the start must be refused rather than run the same failover twice (LOCK).
   */
  startedSince(db: DatabaseSync, seq: number, itemIds: readonly string[]): string[] {
    if (itemIds.length === 0) return [];
    const rows = this.#prepare(db, 'SELECT id, item_ids_json FROM jobs WHERE seq > ? ORDER BY seq').all(seq) as { id: string; item_ids_json: string }[];
    const wanted = new Set(itemIds);
    return rows.filter((row) => (JSON.parse(row.item_ids_json) as string[]).some((id) => wanted.has(id))).map((row) => row.id);
  }

  /** The job a client request id already started, if any (read in the caller's transaction when given). */
  jobIdForRequest(requestId: string, db: DatabaseSync = this.#db): string | undefined {
    const row = this.#prepare(db, 'SELECT id FROM jobs WHERE request_id = ?').get(requestId) as { id: string } | undefined;
    return row?.id;
  }

  /**
   * LOCK: takes one row per machine (item_id is the primary key), in the caller's transaction. A machine held by
   * another job is CONFLICT; the primary key also refuses a writer that skipped this check.
   */
  lockItems(db: DatabaseSync, jobId: string, itemIds: readonly string[]): void {
    const holder = this.#prepare(db, 'SELECT job_id FROM job_item_locks WHERE item_id = ?');
    const clash = itemIds.filter((itemId) => {
      const row = holder.get(itemId) as { job_id: string } | undefined;
      return row !== undefined && row.job_id !== jobId;
    });
    if (clash.length > 0) throw new AppError('CONFLICT', `${clash.join(', ')} already take part in an unfinished job.`);
    const take = this.#prepare(db, 'INSERT INTO job_item_locks (item_id, job_id) VALUES (?, ?) ON CONFLICT (item_id) DO NOTHING');
    for (const itemId of itemIds) take.run(itemId, jobId);
  }

  /** Queues the current state of `nodes` into a write (values captured now). */
  stepWriter(jobId: string, nodes: readonly StepNode[]): (db: DatabaseSync) => void {
    const values = nodes.map((node) => [
      node.status,
      node.attempt,
      node.startedAt ?? null,
      node.endedAt ?? null,
      node.error ?? null,
      node.output ?? null,
      node.result ? JSON.stringify(node.result) : null,
      node.note ?? null,
      jobId,
      node.id,
    ]);
    return (db) => {
      const update = this.#prepare(
        db,
        `UPDATE job_steps SET status = ?, attempt = ?, started_at = ?, ended_at = ?, error = ?, output = ?, result_json = ?, note = ?
         WHERE job_id = ? AND id = ?`,
      );
      for (const row of values) update.run(...row);
    };
  }

  /**
   * Every job-level change bumps the revision (compare-and-set decisions). With `revision`, the write applies
   * only to that revision and throws StaleRevision otherwise, checked inside the write transaction. A finished
   * status releases the job's machine locks in the same transaction.
   */
  jobWriter(jobId: string, patch: JobPatch, options: { revision?: number } = {}): (db: DatabaseSync) => void {
    const sets: string[] = [];
    const values: (string | number | null)[] = [];
    const set = (column: string, value: string | number | null) => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.phase !== undefined) set('phase', patch.phase);
    if (patch.notes !== undefined) set('notes', patch.notes);
    if (patch.summary !== undefined) set('summary_json', JSON.stringify(patch.summary));
    if (patch.startedAt !== undefined) set('started_at', patch.startedAt);
    if (patch.endedAt !== undefined) set('ended_at', patch.endedAt);
    if (patch.cancelRequested !== undefined) set('cancel_requested', patch.cancelRequested ? 1 : 0);
    if (patch.forced !== undefined) set('forced', patch.forced ? 1 : 0);
    if (patch.verdict !== undefined) set('verdict', patch.verdict);
    const expected = options.revision;
    const sql = `UPDATE jobs SET ${[...sets, 'revision = revision + 1'].join(', ')} WHERE id = ?${expected === undefined ? '' : ' AND revision = ?'}`;
    const releases = patch.status !== undefined && FINISHED_STATUSES.has(patch.status);
    return (db) => {
      if (sets.length === 0 && expected === undefined) return;
      const result = this.#prepare(db, sql).run(...values, jobId, ...(expected === undefined ? [] : [expected]));
      if (expected !== undefined && Number(result.changes) === 0) throw new StaleRevision(jobId, expected);
      if (releases) this.#prepare(db, 'DELETE FROM job_item_locks WHERE job_id = ?').run(jobId);
    };
  }

  cleanupCreatedWriter(jobId: string, entry: CleanupEntry): (db: DatabaseSync) => void {
    return (db) => {
      this.#prepare(
        db,
        `INSERT INTO job_cleanup (job_id, resource_id, kind, item_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (job_id, resource_id) DO NOTHING`,
      ).run(jobId, entry.resourceId, entry.kind, entry.itemId ?? null, entry.createdAt, entry.createdBy);
    };
  }

  cleanupDeletedWriter(jobId: string, resourceId: string, at: string, by: string): (db: DatabaseSync) => void {
    return (db) => {
      this.#prepare(db, 'UPDATE job_cleanup SET deleted_at = ?, deleted_by = ? WHERE job_id = ? AND resource_id = ? AND deleted_at IS NULL').run(at, by, jobId, resourceId);
    };
  }

  cleanup(jobId: string): CleanupEntry[] {
    return (this.#db.prepare('SELECT * FROM job_cleanup WHERE job_id = ? ORDER BY created_at, resource_id').all(jobId) as unknown as CleanupRow[]).map(cleanupEntry);
  }

  cleanupSince(jobId: string, since: string): CleanupEntry[] {
    return (this.#prepare(this.#db, CLEANUP_SINCE_SQL).all(jobId, since, jobId, since) as unknown as CleanupRow[]).map(cleanupEntry);
  }

  openCleanup(jobId: string, kind: CleanupEntry['kind'], itemId?: string): CleanupEntry[] {
    const rows =
      itemId === undefined
        ? this.#prepare(this.#db, OPEN_CLEANUP_SQL.ofKind).all(jobId, kind)
        : this.#prepare(this.#db, OPEN_CLEANUP_SQL.ofKindAndItem).all(jobId, kind, itemId);
    return (rows as unknown as CleanupRow[]).map(cleanupEntry);
  }

  leftovers(jobId: string, limit: number): CleanupEntry[] {
    return (this.#prepare(this.#db, OPEN_CLEANUP_SQL.any).all(jobId, limit) as unknown as CleanupRow[]).map(cleanupEntry);
  }

  get(jobId: string): Job | undefined {
    const row = this.#db.prepare('SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow | undefined;
    if (!row) return undefined;
    const steps = (this.#db.prepare('SELECT * FROM job_steps WHERE job_id = ? ORDER BY ordinal').all(jobId) as unknown as StepRow[]).map(stepFromRow);
    return { ...this.#summary(row, steps), request: JSON.parse(row.request_json) as OperationRequest, steps, cleanup: this.cleanup(jobId) };
  }

  list(filter: JobFilter = {}): JobSummary[] {
    const where: string[] = [];
    const values: string[] = [];
    const add = (clause: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      values.push(value);
    };
    add('status = ?', filter.status);
    add('operation = ?', filter.operation);
    add('plan_id = ?', filter.planId);
    const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${Math.max(1, Math.min(filter.limit ?? 200, 10_000))}`;
    const rows = this.#db.prepare(sql).all(...values) as unknown as JobRow[];
    const counts = this.#db.prepare(
      `SELECT count(*) AS total, sum(CASE WHEN status IN (${PROGRESS_ENDED_STATUSES.map((status) => `'${status}'`).join(', ')}) THEN 1 ELSE 0 END) AS done
       FROM job_steps WHERE job_id = ? AND kind IN ('step', 'action', 'gate')`,
    );
    return rows.map((row) => {
      const { total, done } = counts.get(row.id) as { total: number; done: number | null };
      return { ...this.#summary(row, []), progress: progressPercent(done ?? 0, total) };
    });
  }

  /** Jobs a crash may have left in flight. */
  inFlightJobIds(): string[] {
    return (this.#db.prepare("SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY seq").all() as { id: string }[]).map((row) => row.id);
  }

  /** Items taking part in an unfinished job (LOCK: one operation at a time per item). */
  busyItemIds(): Set<string> {
    return new Set((this.#db.prepare('SELECT item_id FROM job_item_locks').all() as { item_id: string }[]).map((row) => row.item_id));
  }

  /** The job's current revision (what a decision must name). */
  status(jobId: string, db: DatabaseSync = this.#db): JobStatus | undefined {
    return (this.#prepare(db, 'SELECT status FROM jobs WHERE id = ?').get(jobId) as { status: JobStatus } | undefined)?.status;
  }

  revision(jobId: string, db: DatabaseSync = this.#db): number | undefined {
    return (this.#prepare(db, 'SELECT revision FROM jobs WHERE id = ?').get(jobId) as { revision: number } | undefined)?.revision;
  }

  #summary(row: JobRow, steps: readonly StepNode[]): JobSummary {
    const summary: JobSummary = {
      id: row.id,
      operation: row.operation as JobSummary['operation'],
      status: row.status as JobStatus,
      phase: row.phase as JobSummary['phase'],
      scopeName: row.scope_name,
      planId: row.plan_id,
      itemIds: JSON.parse(row.item_ids_json) as string[],
      createdAt: row.created_at,
      progress: progressOf(steps),
      notes: row.notes,
      failurePolicy: row.failure_policy as FailurePolicy,
      forced: row.forced === 1,
      cancelRequested: row.cancel_requested === 1,
      revision: row.revision,
    };
    if (row.started_at) summary.startedAt = row.started_at;
    if (row.ended_at) summary.endedAt = row.ended_at;
    if (row.summary_json) summary.summary = JSON.parse(row.summary_json) as Record<string, unknown>;
    if (row.verdict) summary.verdict = row.verdict as TestVerdict;
    return summary;
  }
}
