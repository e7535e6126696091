import { describe, expect, it } from 'vitest';
import { runScript, shellFor } from './script-runner.ts';

describe('script runner', () => {
  it('a script that starts a background process and exits is finished, not timed out (its child outlives the timeout)', async () => {
    const result = await runScript('sleep 3 & echo started', 2, {});
    expect(result).toEqual({ exitCode: 0, timedOut: false, output: 'started\n' });
  });

  it('captures output and the exit code of an ordinary script', async () => {
    expect(await runScript('echo out; echo err >&2; exit 4', 5, {})).toEqual({ exitCode: 4, timedOut: false, output: 'out\nerr\n' });
  });

  it('kills a script that outlives its timeout', async () => {
    expect(await runScript('sleep 10', 1, {})).toMatchObject({ timedOut: true });
  });

  it('on Windows runs the command with cmd.exe /d /s /c, verbatim, without a detached process group', () => {
    const launch = shellFor('echo %FAILOVER_CONSOLE_OPERATION%', 'win32', { FAILOVER_CONSOLE_OPERATION: 'planned-failover' });
    expect(launch.file).toMatch(/cmd\.exe$/i);
    expect(launch.args).toEqual(['/d', '/s', '/c', '"echo %FAILOVER_CONSOLE_OPERATION%"']);
    expect(launch.options).toMatchObject({ windowsVerbatimArguments: true, env: { FAILOVER_CONSOLE_OPERATION: 'planned-failover' } });
    expect(launch.options.detached).toBeUndefined();
  });

  it('on POSIX runs /bin/sh -c in its own process group', () => {
    expect(shellFor('true', 'linux', {})).toMatchObject({ file: '/bin/sh', args: ['-c', 'true'], options: { detached: true } });
  });
});
