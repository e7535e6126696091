// Resynchronization of a machine whose replication is unhealthy, as Site Recovery and Hyper-V Replica offer it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultResourcesDir } from '../application/paths.ts';
import { runCli } from '../transports/cli/run.ts';
import { openTestApp, runToRest, type TestApp } from './testing.ts';

let t: TestApp;
afterEach(() => t?.dispose());

/** The lab with APP02's replication needing resynchronization. */
function labWithUnhealthyApp02(): unknown {
  const raw = JSON.parse(readFileSync(join(defaultResourcesDir(), 'lab', 'estate.json'), 'utf8')) as { items: { id: string; replication: { state: string } }[] };
  raw.items.find((item) => item.id === 'app02')!.replication.state = 'resynchronizing';
  return raw;
}

describe('resynchronize', () => {
  it('R9: a machine whose replication is resynchronizing is resynchronized and protected again', async () => {
    t = openTestApp({ estate: labWithUnhealthyApp02() });
    const job = await runToRest(t.app, { operation: 'resynchronize', scope: { itemId: 'app02' } });
    expect(job.status).toBe('succeeded');
    expect(t.app.estate().items.find((item) => item.id === 'app02')?.replication.state).toBe('protected');
    expect(t.app.lab.ops({ itemId: 'app02' }).map((op) => op.operation)).toEqual(['resynchronize']);
  });

  it('R9: a healthy machine is refused with the reason', async () => {
    t = openTestApp({ estate: labWithUnhealthyApp02() });
    await expect(t.app.jobs.start({ operation: 'resynchronize', scope: { itemId: 'app03' } })).rejects.toMatchObject({ code: 'PREFLIGHT_FAILED', message: expect.stringMatching(/APP03 is protected: only a machine whose replication needs resynchronization/) });
  });

  it('R9: resynchronizing a plan with one unhealthy member is refused naming the healthy ones (one machine at a time)', async () => {
    t = openTestApp({ estate: labWithUnhealthyApp02() });
    await expect(t.app.jobs.start({ operation: 'resynchronize', scope: { planId: 'plan-apps' } })).rejects.toMatchObject({ code: 'PREFLIGHT_FAILED', message: expect.stringMatching(/APP03 is protected/) });
    expect(t.app.lab.ops()).toEqual([]);
  });

  it('R9: the CLI resynchronizes by name', async () => {
    t = openTestApp({ estate: labWithUnhealthyApp02() });
    let out = '';
    const code = await runCli(['resynchronize', '--item', 'APP02'], { app: t.app, io: { out: (text) => (out += text), err: (text) => (out += text), readStdin: async () => '' } });
    expect(code).toBe(0);
    expect(out).toMatch(/resynchronize of APP02/);
    expect(t.app.estate().items.find((item) => item.id === 'app02')?.replication.state).toBe('protected');
  });
});
