// `npm start` (without Electron) and `npm run console:web` on a port another program holds: one sentence
// that says so and how to pick another port, exit code 1, no stack trace (docs/decisions.md, "A port in use
// is a sentence, not a stack trace").
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const WEB_MAIN = join(import.meta.dirname, 'web-main.ts');

let occupier: Server;
let port: number;
let dataDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fc-port-'));
  occupier = createServer();
  await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
  port = (occupier.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise((resolve) => occupier.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

function startOnOccupiedPort(lifecycleEvent: string | undefined): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, FAILOVER_CONSOLE_QUIET: '1' };
  if (lifecycleEvent === undefined) delete env.npm_lifecycle_event;
  else env.npm_lifecycle_event = lifecycleEvent;
  const child = spawn(process.execPath, [WEB_MAIN, '--port', String(port), '--data-dir', dataDir, '--no-build'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('the web host on a port in use', () => {
  it('says the port is in use and how to pick another with --port, exits 1, and shows no raw EADDRINUSE or stack', async () => {
    const { code, stdout, stderr } = await startOnOccupiedPort('start');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(stderr).toContain(`\`npm start -- --port ${port + 1}\``);
    expect(stderr).toContain('--port 0 for any free one');
    expect(stderr).not.toContain('EADDRINUSE');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr.trim().split('\n')).toHaveLength(2);
  }, 30_000);

  it('repeats the command the operator used: the npm script, or the failover-console executable', async () => {
    expect((await startOnOccupiedPort('console:web')).stderr).toContain(`\`npm run console:web -- --port ${port + 1}\``);
    expect((await startOnOccupiedPort(undefined)).stderr).toContain(`\`failover-console serve --port ${port + 1}\``);
  }, 30_000);
});
