import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, runToRest, type TestApp } from '../../orchestration/testing.ts';
import { formatJob } from './job-output.ts';

let t: TestApp | undefined;
afterEach(() => t?.dispose());

describe('the CLI job report', () => {
  it('R5: a planned failover reports no data lost, never "a data-loss window of 0 s"', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'planned-failover', scope: { planId: 'plan-apps' } });
    const text = formatJob(job);
    expect(text).toContain('data lost: none (every machine started from data synchronised after shutdown)');
    expect(text).not.toMatch(/data-loss window: 0/);
  });

  it('R6: an unplanned failover from a recovery point reports its largest data-loss window', async () => {
    t = openTestApp();
    const job = await runToRest(t.app, { operation: 'unplanned-failover', scope: { planId: 'plan-apps' } });
    expect(formatJob(job)).toMatch(/largest data-loss window: [1-9]\d* s/);
  });
});
