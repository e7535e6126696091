import { parseArgs } from 'node:util';
import type { AppContext, createAppContext as createAppContextType } from '../../composition/app-context.ts';
import type { dispatch as dispatchType } from '../api/dispatch.ts';
import { resolveDataDir } from '../../application/paths.ts';
import { requestContext } from '../../application/request-context.ts';
import { CONTRACT_VERSION } from '../../contract/version.ts';
import { AppError, isErrorCode } from '../../contract/errors.ts';
import { EXIT, UsageError, type CliCommand, type CliContext, type CliIo } from './command.ts';
import { COMMANDS } from './commands/index.ts';

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function findCommand(words: readonly string[], commands: readonly CliCommand[]): CliCommand | undefined {
  return [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((command) => command.path.every((word, index) => words[index] === word));
}

function helpText(commands: readonly CliCommand[]): string {
  const lines = commands.map((c) => `  ${(c.path.join(' ') + (c.usage ? ` ${c.usage}` : '')).padEnd(58)} ${c.summary}`);
  return [
    'usage: failover-console <command> [options] [--json] [--data-dir DIR]   (from a checkout: npm run cli -- <command>)',
    '',
    'commands:',
    ...lines,
    '',
    'exit codes: 0 done · 1 failed or refused · 2 bad arguments · 3 pre-flight check failed',
    '',
  ].join('\n');
}

export interface RunCliOptions {
  io: CliIo;
  /** Tests pass an open context; otherwise one is opened on the data directory. */
  app?: AppContext;
  commands?: readonly CliCommand[];
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], options: RunCliOptions): Promise<number> {
  const { io } = options;
  const commands = options.commands ?? COMMANDS;
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const command = findCommand(words, commands);
  if (!command) {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      io.out(helpText(commands));
      return argv.length === 0 ? EXIT.usage : EXIT.ok;
    }
    io.err(`error: unknown command "${words.join(' ')}"\n\n${helpText(commands)}`);
    return EXIT.usage;
  }
  const rest = [...argv];
  for (const word of command.path) rest.splice(rest.indexOf(word), 1);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`error: ${(error as Error).message}\nusage: failover-console ${command.path.join(' ')} ${command.usage ?? ''}\n`);
    return EXIT.usage;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    io.out(`usage: failover-console ${command.path.join(' ')} ${command.usage ?? ''}\n${command.summary}\n`);
    return EXIT.ok;
  }

  let app = options.app;
  const ownsApp = app === undefined;
  // One request context per CLI process: the OS user, this process as the session, the CLI's version.
  const requestMeta = { clientVersion: `cli/${CONTRACT_VERSION}` };
  const request = requestContext('cli', `pid-${process.pid}`, requestMeta);
  // The engine, its database and every handler load only once a command is known to run: `--help`, a usage
  // error or an unknown command answer from this module and the command list (docs/performance.md,
  // "CLI and web host start-up"). Loaded before the command runs, so that `context.app()` stays synchronous.
  let engine: { createAppContext: typeof createAppContextType; dispatch: typeof dispatchType } | undefined;
  const context: CliContext = {
    io,
    json: values.json === true,
    app() {
      app ??= engine!.createAppContext({ dataDir: resolveDataDir(values['data-dir'] as string | undefined), readOnly: command.readOnly === true });
      return app;
    },
    async invoke(channel, input) {
      const envelope = await engine!.dispatch(context.app(), channel, input, request);
      if (!envelope.ok) throw new AppError(envelope.error.code, envelope.error.message, envelope.error.details);
      return envelope.result as never;
    },
  };
  try {
    const [{ createAppContext }, { dispatch }] = await Promise.all([import('../../composition/app-context.ts'), import('../api/dispatch.ts')]);
    engine = { createAppContext, dispatch };
    return await command.run(context, values, parsed.positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\nusage: failover-console ${command.path.join(' ')} ${command.usage ?? ''}\n`);
      return EXIT.usage;
    }
    if (error instanceof AppError && isErrorCode(error.code)) {
      io.err(`error [${error.code}]: ${error.message}\n`);
      if (error.code === 'PREFLIGHT_FAILED') return EXIT.preflightFailed;
      return error.code === 'INVALID_INPUT' || error.code === 'NOT_FOUND' ? EXIT.usage : EXIT.failed;
    }
    io.err('error [INTERNAL]: an internal error occurred.\n');
    return EXIT.failed;
  } finally {
    if (ownsApp) app?.close();
  }
}
