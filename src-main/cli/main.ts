// `npm run cli -- <command>`: the same engine and data directory as the desktop app, in plain Node.
import { runCli } from './run.ts';

const code = await runCli(process.argv.slice(2), {
  io: {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  },
});
process.exitCode = code;
