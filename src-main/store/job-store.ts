// Jobs, their step trees and cleanup ledgers in SQLite. Writes are closures run inside a group commit
// (write-batcher.ts); each captures its values when queued, so a later change cannot leak into it.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { OperationRequest } from '../engine/model/operation.ts';
import {
  UNFINISHED_STATUSES,
  type CleanupEntry,
  type FailurePolicy,
  type Job,
  type JobStatus,
  type JobSummary,
  type StepNode,
  type StepSpec,
} from '../engine/jobs/job-model.ts';
import { isLeaf, isDone } from '../engine/jobs/job-model.ts';
import { specOf } from '../engine/jobs/step-tree.ts';

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
  owner_pid: number | null;
  owner_token: string | null;
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

export interface JobFilter {
  status?: JobStatus;
  operation?: string;
  planId?: string;
  limit?: number;
}

/** The mutable columns of a job row. */
export interface JobPatch {
  status?: JobStatus;
  phase?: string | null;
  notes?: string;
  summary?: Record<string, unknown>;
  startedAt?: string;
  endedAt?: string | null;
  cancelRequested?: boolean;
  forced?: boolean;
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

function progressOf(steps: readonly StepNode[]): number {
  const leaves = steps.filter(isLeaf);
  if (leaves.length === 0) return 0;
  return Math.round((leaves.filter((leaf) => isDone(leaf.status) || leaf.status === 'failed').length / leaves.length) * 1000) / 10;
}

export class JobStore {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  #prepare(db: DatabaseSync, sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  nextJobId(): string {
    const row = this.#db.prepare('SELECT coalesce(max(seq), 0) + 1 AS next FROM jobs').get() as { next: number };
    return `job-${String(row.next).padStart(4, '0')}`;
  }

  /** Inserts a job and its whole step tree (inside the caller's transaction). */
  insert(db: DatabaseSync, job: Job): void {
    const seq = Number(job.id.replace(/^job-/, ''));
    this.#prepare(
      db,
      `INSERT INTO jobs (id, seq, operation, status, phase, request_json, scope_name, plan_id, item_ids_json, failure_policy, notes, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(job.id, seq, job.operation, job.status, job.phase, JSON.stringify(job.request), job.scopeName, job.planId, JSON.stringify(job.itemIds), job.failurePolicy, job.notes, job.createdAt);
    const insertStep = this.#prepare(
      db,
      `INSERT INTO job_steps (job_id, id, parent_id, ordinal, kind, label, item_id, spec_json, status, attempt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const node of job.steps) {
      insertStep.run(job.id, node.id, node.parentId, node.ordinal, node.kind, node.label, node.itemId ?? null, JSON.stringify(specOf(node)), node.status, node.attempt);
    }
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

  jobWriter(jobId: string, patch: JobPatch): (db: DatabaseSync) => void {
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
    const sql = `UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`;
    return (db) => {
      if (sets.length > 0) this.#prepare(db, sql).run(...values, jobId);
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
    const rows = this.#db.prepare('SELECT * FROM job_cleanup WHERE job_id = ? ORDER BY created_at, resource_id').all(jobId) as unknown as {
      resource_id: string;
      kind: CleanupEntry['kind'];
      item_id: string | null;
      created_at: string;
      created_by: string;
      deleted_at: string | null;
      deleted_by: string | null;
    }[];
    return rows.map((row) => {
      const entry: CleanupEntry = { resourceId: row.resource_id, kind: row.kind, createdAt: row.created_at, createdBy: row.created_by };
      if (row.item_id) entry.itemId = row.item_id;
      if (row.deleted_at) entry.deletedAt = row.deleted_at;
      if (row.deleted_by) entry.deletedBy = row.deleted_by;
      return entry;
    });
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
      `SELECT count(*) AS total, sum(CASE WHEN status IN ('succeeded', 'skipped', 'done-by-operator', 'failed') THEN 1 ELSE 0 END) AS done
       FROM job_steps WHERE job_id = ? AND kind IN ('step', 'action', 'gate')`,
    );
    return rows.map((row) => {
      const { total, done } = counts.get(row.id) as { total: number; done: number | null };
      return { ...this.#summary(row, []), progress: total === 0 ? 0 : Math.round(((done ?? 0) / total) * 1000) / 10 };
    });
  }

  /** Jobs a crash may have left in flight. */
  inFlightJobIds(): string[] {
    return (this.#db.prepare("SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY seq").all() as { id: string }[]).map((row) => row.id);
  }

  /** Items taking part in an unfinished job (LOCK: one operation at a time per item). */
  busyItemIds(): Set<string> {
    const placeholders = UNFINISHED_STATUSES.map(() => '?').join(', ');
    const rows = this.#db.prepare(`SELECT item_ids_json FROM jobs WHERE status IN (${placeholders})`).all(...UNFINISHED_STATUSES) as { item_ids_json: string }[];
    const busy = new Set<string>();
    for (const row of rows) for (const id of JSON.parse(row.item_ids_json) as string[]) busy.add(id);
    return busy;
  }

  /**
   * Claims the right to drive a job: free, ours, or held by a process that no longer exists (killed).
   * Two processes on one database never drive the same job at once.
   */
  acquire(jobId: string, token: string): boolean {
    const row = this.#db.prepare('SELECT owner_pid, owner_token FROM jobs WHERE id = ?').get(jobId) as Pick<JobRow, 'owner_pid' | 'owner_token'> | undefined;
    if (!row) return false;
    if (row.owner_token === token) return true;
    if (row.owner_pid !== null && row.owner_pid !== process.pid && processAlive(row.owner_pid)) return false;
    const result = this.#db
      .prepare('UPDATE jobs SET owner_pid = ?, owner_token = ? WHERE id = ? AND owner_token IS ?')
      .run(process.pid, token, jobId, row.owner_token);
    return Number(result.changes) === 1;
  }

  releaseWriter(jobId: string, token: string): (db: DatabaseSync) => void {
    return (db) => {
      this.#prepare(db, 'UPDATE jobs SET owner_pid = NULL, owner_token = NULL WHERE id = ? AND owner_token = ?').run(jobId, token);
    };
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
    };
    if (row.started_at) summary.startedAt = row.started_at;
    if (row.ended_at) summary.endedAt = row.ended_at;
    if (row.summary_json) summary.summary = JSON.parse(row.summary_json) as Record<string, unknown>;
    return summary;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
