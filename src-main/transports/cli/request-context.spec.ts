// The CLI builds one request context per process: the OS user, the process as the session and the CLI's
// version; an audited plan edit made through it records them (docs/architecture.md, "Request context").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { osPrincipal } from '../../application/request-context.ts';
import { CONTRACT_VERSION } from '../../contract/version.ts';
import { auditRows, planWithNewScript } from '../../test-support/audit-rows.ts';
import { createTempApp, type TempApp } from '../../test-support/temp-app.ts';
import { EXIT, type CliCommand } from './command.ts';
import { runCli } from './run.ts';

let t: TempApp;
beforeEach(() => {
  t = createTempApp();
});
afterEach(() => t.dispose());

describe('CLI request context', () => {
  it('an audited plan edit through the CLI records the OS user, this process and the CLI version', async () => {
    // A command of this test's own that saves a plan through the CLI's real invoke path.
    const saveCommand: CliCommand = {
      path: ['test-save-plan'],
      summary: 'saves plan-apps with one more script',
      async run(context) {
        await context.invoke('plans:update', { plan: planWithNewScript(t.app) });
        return EXIT.ok;
      },
    };
    const code = await runCli(['test-save-plan'], { app: t.app, commands: [saveCommand], io: { out: () => undefined, err: () => undefined, readStdin: async () => '' } });
    expect(code).toBe(EXIT.ok);
    expect(auditRows(t.app, 'plan.script-')).toEqual([
      { actor: osPrincipal(), action: 'plan.script-added', details: expect.objectContaining({ via: `cli:pid-${process.pid}`, clientVersion: `cli/${CONTRACT_VERSION}` }) },
    ]);
  });
});
