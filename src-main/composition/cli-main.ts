// `npm run cli -- <command>`: the same engine and data directory as the desktop app, in plain Node.
import { runCli } from '../transports/cli/run.ts';
import { readStdin, readVisibleLine } from '../transports/cli/terminal-input.ts';

// The operator reads typed errors; structured warnings go to the log only when asked for.
process.env.FAILOVER_CONSOLE_QUIET ??= '1';

const code = await runCli(process.argv.slice(2), {
  io: {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: () => readStdin(process.stdin, (text) => process.stderr.write(text)),
    isInteractive: process.stdin.isTTY === true,
    prompt: (question) => readVisibleLine(process.stdin, process.stderr, question),
  },
});
process.exitCode = code;
