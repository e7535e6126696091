// Script actions (issue 4 §4): a local command run with a timeout and its output captured; a non-zero
// exit or a timeout fails the step. Secrets are never passed: the command sees a minimal environment.
import { spawn } from 'node:child_process';

export const MAX_OUTPUT_CHARS = 64 * 1024;
/** How long output may still arrive after the script exits (a background child may hold the pipe for ever). */
export const OUTPUT_GRACE_MS = 250;

export interface ScriptResult {
  exitCode: number | null;
  timedOut: boolean;
  output: string;
}

export function runScript(command: string, timeoutSeconds: number, env: Record<string, string>): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: process.env.LANG ?? 'C.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
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
      // The whole process group: a shell's children must not outlive the step.
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
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
