// `npm run console:web -- [--port N] [--data-dir DIR] [--time-scale N]`: the console in any browser on 127.0.0.1.
import { parseArgs } from 'node:util';
import { ensureBuilt, RENDERER_OUT_DIR } from '../application/build.ts';
import { createAppContext } from './app-context.ts';
import { resolveDataDir } from '../application/paths.ts';
import { AppError } from '../contract/errors.ts';
import { startWebHost } from '../transports/web/server.ts';

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
  const port = values.port === undefined ? 4780 : Number(values.port);
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
  const host = await startWebHost({ app, staticDir: RENDERER_OUT_DIR, port });
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
