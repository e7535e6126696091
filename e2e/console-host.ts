// Starts the real web host (`npm run console:web`'s entry) on a fresh data directory for one test,
// exactly as an operator would (the lab at time scale 0: jobs run instantly), and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ConsoleHost {
  /** The URL printed on stdout, with its token. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  /** The host's process id (a test pauses it with SIGSTOP to play a hung host). */
  pid: number;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..');

export async function startConsoleHost(options: { dataDir?: string; env?: NodeJS.ProcessEnv; port?: number } = {}): Promise<ConsoleHost> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fc-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'src-main/composition/web-main.ts'), '--port', String(options.port ?? 0), '--data-dir', dataDir, '--no-build', '--time-scale', '0'], {
    cwd: ROOT,
    env: { ...process.env, FAILOVER_CONSOLE_QUIET: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start: ${stderr}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}: ${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
