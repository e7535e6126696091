// `npm run console:web -- [--port N] [--data-dir DIR] [--time-scale N]`: the console in any browser on 127.0.0.1.
import { parseArgs } from 'node:util';
import { ensureBuilt, RENDERER_OUT_DIR } from '../application/build.ts';
import { createAppContext } from './app-context.ts';
import { resolveDataDir } from '../application/paths.ts';
import { AppError } from '../contract/errors.ts';
import { startWebHost } from '../transports/web/server.ts';

/** The default port of the web host (`npm start` without Electron, `npm run console:web`, `failover-console serve`). */
const DEFAULT_PORT = 4780;

/** How the operator started this host, so the advice repeats a command they can type (npm sets `npm_lifecycle_event`). */
function commandWithPort(port: number): string {
  switch (process.env.npm_lifecycle_event) {
    case 'start':
      return `npm start -- --port ${port}`;
    case 'console:web':
      return `npm run console:web -- --port ${port}`;
    default:
      return `failover-console serve --port ${port}`;
  }
}

/**
 * A port that cannot be listened on, said in words an operator can act on at 3 a.m. instead of Node's raw
 * `listen EADDRINUSE` (docs/decisions.md, "A port in use is a sentence, not a stack trace"); undefined for
 * any other error.
 */
function listenFailure(error: unknown, port: number): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const another = port === 65_535 ? DEFAULT_PORT : port + 1;
  if (code === 'EADDRINUSE') {
    return (
      `port ${port} on 127.0.0.1 is already in use (another Failover Console, or another program).\n` +
      `Pick another port with --port, e.g. \`${commandWithPort(another)}\`, or --port 0 for any free one.\n`
    );
  }
  if (code === 'EACCES') {
    return `port ${port} on 127.0.0.1 may not be opened by this user.\nPick a port above 1023 with --port, e.g. \`${commandWithPort(DEFAULT_PORT)}\`.\n`;
  }
  return undefined;
}

async function main(): Promise<void> {
  let values: { port?: string; 'data-dir'?: string; 'no-build'?: boolean; 'time-scale'?: string };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'no-build': { type: 'boolean' }, 'time-scale': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`console:web: ${(error as Error).message}\nusage: npm run console:web -- [--port N] [--data-dir DIR] [--time-scale N]\n`);
    process.exit(2);
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`console:web: --port must be a whole number from 0 to 65535\n`);
    process.exit(2);
  }
  // The lab fabric's simulated time: 0 = instant (end-to-end tests), 1 = the durations as simulated.
  const timeScale = values['time-scale'] === undefined ? undefined : Number(values['time-scale']);
  if (timeScale !== undefined && !(Number.isFinite(timeScale) && timeScale >= 0)) {
    process.stderr.write(`console:web: --time-scale must be a number ≥ 0 (0 = instant)\n`);
    process.exit(2);
  }
  if (!values['no-build']) ensureBuilt();
  // A long-running host: jobs left in flight resume, and R10's forced completion runs periodically.
  const app = createAppContext({ dataDir: resolveDataDir(values['data-dir']), background: true });
  if (timeScale !== undefined) app.lab.control.setSettings({ timeScale });
  let host: Awaited<ReturnType<typeof startWebHost>>;
  try {
    host = await startWebHost({ app, staticDir: RENDERER_OUT_DIR, port });
  } catch (error) {
    const explained = listenFailure(error, port);
    if (!explained) throw error;
    app.close();
    process.stderr.write(`console:web: ${explained}`);
    process.exit(1);
  }
  process.stdout.write(`Failover Console is serving on ${host.url}\n`);
  const stop = (): void => {
    void host.close().then(() => {
      app.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof AppError ? `${error.code}: ${error.message}` : (error as Error).message;
  process.stderr.write(`console:web: ${message}\n`);
  process.exit(1);
});
