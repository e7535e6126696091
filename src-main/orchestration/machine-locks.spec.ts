// LOCK (one operation at a time per machine) as rows: taken with the job insert, released with its finished
// status, taken again — in the decision's own transaction — when a finished job runs again.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, rest, runToRest, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

const locks = () => t.app.db.prepare('SELECT item_id, job_id FROM job_item_locks ORDER BY item_id').all();

describe('machine locks', () => {
  it('LOCK: a failed job frees its machine; Retry takes it back atomically, or is refused while another job holds it', async () => {
    t = openTestApp({ stepTimeoutMs: 300 });
    t.app.lab.control.addFault({ kind: 'operation-fails', itemId: 'app02', operation: 'shutdown', mode: 'always' }, t.app.clock.now());
    const failed = await runToRest(t.app, { operation: 'planned-failover', scope: { itemId: 'app02' } });
    expect(failed.status).toBe('failed');
    expect(locks()).toEqual([]);
    expect(t.app.busyItemIds().has('app02')).toBe(false);

    // Another operation takes the machine (and hangs there): Retry of the failed job is refused.
    t.app.lab.control.clearFaults();
    t.app.lab.control.addFault({ kind: 'hang', itemId: 'app02', operation: 'create-replica' }, t.app.clock.now());
    const other = await t.app.jobs.start({ operation: 'unplanned-failover', scope: { itemId: 'app02' } });
    expect(locks()).toEqual([{ item_id: 'app02', job_id: other.id }]);
    await expect(t.app.jobs.retry(failed.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(t.app.jobs.get(failed.id).status).toBe('failed');

    // Once that job is cancelled (its hung call timed out, then the operator cancels it for good), Retry takes the
    // machine back in its own transaction.
    await t.app.jobs.cancel(other.id);
    expect(await rest(t.app, other.id)).toMatchObject({ status: 'waiting-for-operator', cancelRequested: true });
    expect(await t.app.jobs.cancel(other.id)).toMatchObject({ status: 'cancelled' });
    t.app.lab.control.clearFaults();
    await t.app.jobs.retry(failed.id);
    expect(locks()).toEqual([{ item_id: 'app02', job_id: failed.id }]);
    expect((await rest(t.app, failed.id)).status).toBe('succeeded');
    expect(locks()).toEqual([]);
  });
});
