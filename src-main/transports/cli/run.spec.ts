import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempApp, type TempApp } from '../../test-support/temp-app.ts';
import { runCli } from './run.ts';

let temp: TempApp;
beforeEach(() => {
  temp = createTempApp();
});
afterEach(() => temp.dispose());

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    app: temp.app,
    io: { out: (text) => (stdout += text), err: (text) => (stderr += text), readStdin: async () => '' },
  });
  return { code, stdout, stderr };
}

describe('cli', () => {
  it('sites list --json prints every site with kind and reachability', async () => {
    const { code, stdout } = await cli('sites', 'list', '--json');
    expect(code).toBe(0);
    const sites = JSON.parse(stdout) as { id: string; kind: string; reachable: boolean }[];
    expect(sites.map((site) => site.kind).sort()).toEqual(['azure', 'hyperv', 'physical', 'vmm', 'vmm', 'vmware']);
  });

  it('sites list prints a table for people', async () => {
    const { code, stdout } = await cli('sites', 'list');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+KIND\s+ROLE\s+REACHABLE/);
    expect(stdout).toContain('Azure West Europe');
  });

  it('exits 2 with the usage for an unknown command or option, without a stack trace', async () => {
    const unknown = await cli('sites', 'explode');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
    const option = await cli('sites', 'list', '--colour');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("'--colour'");
    expect(option.stderr).not.toMatch(/\n\s+at /);
  });
});
