// Script actions: a local command run with a timeout and its output captured; a non-zero
// exit or a timeout fails the step. Secrets are never passed: the command sees a minimal environment.
import { spawn, type ChildProcessByStdio, type SpawnOptions } from 'node:child_process';
import type { Readable } from 'node:stream';

export const MAX_OUTPUT_CHARS = 64 * 1024;
/** How long output may still arrive after the script exits (a background child may hold the pipe for ever). */
export const OUTPUT_GRACE_MS = 250;

export interface ScriptResult {
  exitCode: number | null;
  timedOut: boolean;
  output: string;
}

export interface ShellLaunch {
  file: string;
  args: string[];
  options: SpawnOptions;
}

/**
 * How a command is started on this platform (docs/decisions.md, "Script actions on Windows"). POSIX: `/bin/sh -c` in its own process group, so a
 * timeout kills the shell's children too. Windows: `cmd.exe /d /s /c` (no AutoRun, the command verbatim);
 * the tree is killed with taskkill, as Windows has no process groups to signal.
 */
export function shellFor(command: string, platform: NodeJS.Platform, env: Record<string, string>): ShellLaunch {
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: process.env.LANG ?? 'C.UTF-8' };
  if (platform === 'win32') {
    // cmd.exe needs SystemRoot and PATHEXT to find programs; neither holds a secret.
    const windows = Object.fromEntries(['SystemRoot', 'PATHEXT', 'COMSPEC'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
    return {
      file: process.env.COMSPEC ?? 'cmd.exe',
      args: ['/d', '/s', '/c', `"${command}"`],
      options: { env: { ...base, ...windows, ...env }, stdio: ['ignore', 'pipe', 'pipe'], windowsVerbatimArguments: true, windowsHide: true },
    };
  }
  return { file: '/bin/sh', args: ['-c', command], options: { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true } };
}

/** Kills a timed-out script with everything it started. */
export function killTree(pid: number, platform: NodeJS.Platform): void {
  if (platform === 'win32') {
    spawn('taskkill', ['/T', '/F', '/PID', String(pid)], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
    return;
  }
  process.kill(-pid, 'SIGKILL'); // the whole process group
}

export function runScript(command: string, timeoutSeconds: number, env: Record<string, string>, platform: NodeJS.Platform = process.platform): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const launch = shellFor(command, platform, env);
    const child = spawn(launch.file, launch.args, launch.options) as ChildProcessByStdio<null, Readable, Readable>;
    let output = '';
    let settled = false;
    const append = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT_CHARS) output = (output + chunk.toString('utf8')).slice(0, MAX_OUTPUT_CHARS);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // A shell's children must not outlive the step.
      try {
        if (child.pid) killTree(child.pid, platform);
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      settled = true;
      resolve({ exitCode: null, timedOut: false, output: `${output}${error.message}` });
    });
    // Finished when the shell exits, not when every holder of its stdout has closed it: a script that starts
    // a background service must not read as timed out. Its output gets a short grace period to drain.
    const finish = (code: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ exitCode: code, timedOut, output });
    };
    child.on('exit', (code) => {
      const grace = setTimeout(() => finish(code), OUTPUT_GRACE_MS);
      child.on('close', () => {
        clearTimeout(grace);
        finish(code);
      });
    });
  });
}
