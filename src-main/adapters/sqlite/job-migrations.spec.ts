// Upgrading a database written before leases and lock rows (migrations 0210–0212): unfinished jobs keep their
// machines locked, every job starts at revision 0 and nobody holds a lease, so the next console resumes them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from './database.ts';
import { MIGRATIONS } from './migrations.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('job migrations', () => {
  it('LOCK: an older database\'s unfinished jobs keep their machines after the upgrade; finished ones do not', () => {
    dir = mkdtempSync(join(tmpdir(), 'fc-migrate-'));
    const before = MIGRATIONS.filter((migration) => migration.id < '0210');
    const db = openDatabase(join(dir, 'old.sqlite'), { migrations: before });
    const insert = db.prepare(
      `INSERT INTO jobs (id, seq, operation, status, request_json, scope_name, item_ids_json, failure_policy, created_at, owner_pid, owner_token)
       VALUES (?, ?, 'planned-failover', ?, '{}', 'Contoso Apps', ?, 'stop', '2026-11-30T10:00:00Z', 4242, 'tok')`,
    );
    insert.run('job-0001', 1, 'succeeded', '["app02"]');
    insert.run('job-0002', 2, 'waiting-for-operator', '["app02","app03"]');
    insert.run('job-0003', 3, 'running', '["file01"]');
    expect(migrate(db, MIGRATIONS)).toEqual(['0210-job-revision-and-request-id', '0211-job-leases', '0212-job-item-locks', '0220-fabric-calls', '0230-timers', '0231-timers-for-open-test-failovers', '0240-job-cleanup-open-index', '0241-job-cleanup-change-indexes', '0250-audit-log-by-job', '0251-job-test-verdict', '0252-audit-log-failures']);
    expect(db.prepare('SELECT item_id, job_id FROM job_item_locks ORDER BY item_id').all()).toEqual([
      { item_id: 'app02', job_id: 'job-0002' },
      { item_id: 'app03', job_id: 'job-0002' },
      { item_id: 'file01', job_id: 'job-0003' },
    ]);
    expect(db.prepare('SELECT DISTINCT revision, lease_owner, lease_epoch, request_id FROM jobs').all()).toEqual([{ revision: 0, lease_owner: null, lease_epoch: 0, request_id: null }]);
    const columns = (db.prepare("SELECT name FROM pragma_table_info('jobs')").all() as { name: string }[]).map((row) => row.name);
    expect(columns).not.toContain('owner_pid');
    db.close();
  });
});
