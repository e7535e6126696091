// Script actions (issue 4 §4): a local command run with a timeout and its output captured; a non-zero
// exit or a timeout fails the step. Secrets are never passed: the command sees a minimal environment.
import { spawn } from 'node:child_process';

export const MAX_OUTPUT_CHARS = 64 * 1024;

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
      resolve({ exitCode: null, timedOut: false, output: `${output}${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, timedOut, output });
    });
  });
}
