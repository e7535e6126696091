// The whole DR cycle, round trip, on the real lab at time scale 0 behind the real pre-flight: failover, commit,
// re-protect (reverse replication), failback, commit, re-protect, and a second failover, after which every
// machine is protected again (R8, R9, R17; "Failback from secondary site", "Failback from Azure").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultResourcesDir } from '../application/paths.ts';
import type { Job } from '../domain/jobs/job-model.ts';
import type { OperationKind, OperationRequest } from '../domain/model/operation.ts';
import { openTestApp, rest, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

/** Runs an operation to its end, answering the operator gates (manual actions, Complete Failover) on the way. */
async function drive(request: OperationRequest): Promise<Job> {
  let job = await t.app.jobs.start(request);
  job = await rest(t.app, job.id);
  for (let turn = 0; turn < 10 && job.status === 'waiting-for-operator'; turn++) {
    job = job.phase === 'complete-failover' ? await t.app.jobs.completeFailover(job.id) : await t.app.jobs.confirm(job.id, undefined, 'done in the drill');
    job = await rest(t.app, job.id);
  }
  return job;
}

function members(planId: string) {
  const plan = t.app.estate().plans.find((candidate) => candidate.id === planId)!;
  const ids = new Set(plan.groups.flatMap((group) => group.members));
  return t.app.estate().items.filter((item) => ids.has(item.id));
}

async function cycle(planId: string, operations: OperationKind[]): Promise<void> {
  for (const operation of operations) {
    const request: OperationRequest = { operation, scope: { planId }, ...(operation === 'failback' ? { sync: 'during' as const } : {}) };
    const job = await drive(request);
    expect({ operation, status: job.status }).toEqual({ operation, status: 'succeeded' });
  }
}

function expectProtectedAtHome(planId: string): void {
  for (const item of members(planId)) {
    expect({ id: item.id, state: item.replication.state, failover: item.failoverState, at: item.activeSiteId }).toEqual({
      id: item.id,
      state: 'protected',
      failover: 'none',
      at: item.primarySiteId,
    });
  }
}

const SECONDARY_CYCLE: OperationKind[] = ['planned-failover', 'commit', 'reverse-replication', 'failback', 'commit', 'reverse-replication'];
const AZURE_CYCLE: OperationKind[] = ['unplanned-failover', 'commit', 'failback', 'commit', 'reverse-replication'];

describe('the DR cycle round trip (R8, R9, R17)', () => {
  it.each(['plan-core', 'plan-apps'])('R9 R17: %s — failover, commit, re-protect, failback, commit, re-protect, second failover: every machine protected', async (planId) => {
    t = openTestApp();
    await cycle(planId, SECONDARY_CYCLE);
    expectProtectedAtHome(planId);
    await cycle(planId, ['planned-failover']);
    // R8: a planned failover to the secondary site keeps the machines protected.
    for (const item of members(planId)) expect(item).toMatchObject({ activeSiteId: 'site-secondary', replication: { state: 'protected' }, failoverState: 'commit-pending' });
  });

  it('R9 R17: an unplanned failover is re-protected in full, then the cycle returns home and is protected again', async () => {
    t = openTestApp();
    await cycle('plan-apps', ['unplanned-failover', 'commit']);
    const reverse = await drive({ operation: 'reverse-replication', scope: { planId: 'plan-apps' } });
    expect(reverse.steps.filter((node) => node.op === 'reverse-replication').map((node) => node.args?.mode)).toEqual(['full', 'full', 'full']);
    await cycle('plan-apps', ['failback', 'commit', 'reverse-replication']);
    expectProtectedAtHome('plan-apps');
  });

  it('R7 R9 R17: Payroll, with one member already failed over, goes round and is protected at home', async () => {
    t = openTestApp();
    // PAY02 already runs at the secondary site (planned, committed): the first failover moves PAY01 to join it.
    const first = await drive({ operation: 'planned-failover', scope: { planId: 'plan-payroll' }, direction: { sourceSiteId: 'site-primary', targetSiteId: 'site-secondary' } });
    expect(first.status).toBe('succeeded');
    await cycle('plan-payroll', ['commit', 'reverse-replication', 'failback', 'commit', 'reverse-replication']);
    expectProtectedAtHome('plan-payroll');
    await cycle('plan-payroll', ['planned-failover']);
  });

  it('R8 R9: CRM, commit pending from an unplanned failover, is committed, re-protected, failed back and protected at home', async () => {
    t = openTestApp();
    await cycle('plan-crm', ['commit', 'reverse-replication', 'failback', 'commit', 'reverse-replication']);
    expectProtectedAtHome('plan-crm');
    await cycle('plan-crm', ['planned-failover']);
  });

  it('R9: cloud to cloud (one VMM server): a committed failover is re-protected, and the cycle repeats', async () => {
    t = openTestApp();
    await cycle('plan-dev', ['planned-failover', 'commit', 'reverse-replication', 'planned-failover', 'commit', 'reverse-replication']);
    expectProtectedAtHome('plan-dev');
    await cycle('plan-dev', ['planned-failover']);
  });

  it.each(['plan-branch'])('R8 R9 R15: %s to Azure — failover, commit, failback, commit, re-protect, second failover', async (planId) => {
    t = openTestApp();
    await cycle(planId, AZURE_CYCLE);
    expectProtectedAtHome(planId);
    await cycle(planId, ['planned-failover']);
    // R8: in Azure the machines are not protected; Azure keeps them resilient until the next failback.
    for (const item of members(planId)) expect(item).toMatchObject({ activeSiteId: 'site-azure', replication: { state: 'not-protected' } });
  });

  it('R8 R9 R15: Branch return — the machines already in Azure fail back, are re-protected, and fail over again', async () => {
    t = openTestApp();
    await cycle('plan-branch-return', ['failback', 'commit', 'reverse-replication']);
    expectProtectedAtHome('plan-branch-return');
    await cycle('plan-branch-return', ['planned-failover', 'commit', 'failback', 'commit', 'reverse-replication']);
    expectProtectedAtHome('plan-branch-return');
  });

  it('R8 R9 R15: a VMM site to Azure plan goes round and is protected at home', async () => {
    // The lab's Finance vault encrypts its data (R4, certificate in the keychain): here the plan replicates to
    // the lab's unencrypted vault, so the cycle runs without a keychain.
    const raw = JSON.parse(readFileSync(join(defaultResourcesDir(), 'lab', 'estate.json'), 'utf8')) as { items: { id: string; recoveryCloudId?: string }[] };
    for (const item of raw.items) if (item.id.startsWith('fin-')) item.recoveryCloudId = 'vault-weu';
    t = openTestApp({ estate: raw });
    await cycle('plan-finance-ready', ['planned-failover', 'commit', 'failback', 'commit', 'reverse-replication']);
    expectProtectedAtHome('plan-finance-ready');
    await cycle('plan-finance-ready', ['planned-failover']);
  });
});
