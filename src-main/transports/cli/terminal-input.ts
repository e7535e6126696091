// Reads what the CLI takes from standard input. Piped input is read to the end; at a terminal (an
// operator typing a secret at 3 a.m.) one line is read with echo off, so the secret never shows on screen.
import { createInterface } from 'node:readline/promises';
import type { ReadStream } from 'node:tty';

export async function readPiped(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** One line from a terminal without echo; Ctrl-C or Ctrl-D on an empty line gives up with an empty answer. */
export function readHiddenLine(input: ReadStream, prompt: (text: string) => void): Promise<string> {
  prompt('Secret (typing is not shown; Enter to finish): ');
  return new Promise((resolve) => {
    let line = '';
    const finish = (value: string): void => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      prompt('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(line);
        if (char === '\u0003' || (char === '\u0004' && line.length === 0)) return finish('');
        if (char === '\u007f' || char === '\b') line = line.slice(0, -1);
        else if (char >= ' ') line += char;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

export function readStdin(stdin: NodeJS.ReadStream, prompt: (text: string) => void): Promise<string> {
  return stdin.isTTY ? readHiddenLine(stdin as ReadStream, prompt) : readPiped(stdin);
}

/** One visible line typed at a terminal (a confirmation); the question goes to `output` (stderr). */
export async function readVisibleLine(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, question: string): Promise<string> {
  const lines = createInterface({ input, output, terminal: false });
  try {
    output.write(question);
    return await new Promise<string>((resolve) => {
      lines.once('line', resolve);
      lines.once('close', () => resolve(''));
    });
  } finally {
    lines.close();
  }
}
