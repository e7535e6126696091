import { EventEmitter } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import type { ReadStream } from 'node:tty';
import { describe, expect, it } from 'vitest';
import { readHiddenLine, readPiped, readVisibleLine } from './terminal-input.ts';

/** A terminal's input as the CLI sees it: raw mode switches and keystrokes as data events. */
function fakeTerminal(): ReadStream & { rawModes: boolean[]; type(text: string): void } {
  const input = new EventEmitter() as EventEmitter & { rawModes: boolean[]; type(text: string): void };
  input.rawModes = [];
  Object.assign(input, {
    setRawMode: (mode: boolean) => input.rawModes.push(mode),
    resume: () => undefined,
    pause: () => undefined,
    type: (text: string) => input.emit('data', Buffer.from(text)),
  });
  return input as unknown as ReadStream & { rawModes: boolean[]; type(text: string): void };
}

describe('terminal input', () => {
  it('reads a secret at a terminal with echo off, honouring backspace, and restores the terminal', async () => {
    const terminal = fakeTerminal();
    let shown = '';
    const answer = readHiddenLine(terminal, (text) => (shown += text));
    terminal.type('hunter2');
    terminal.type('\u007f3\r');
    await expect(answer).resolves.toBe('hunter3');
    expect(terminal.rawModes).toEqual([true, false]);
    expect(shown).not.toContain('hunter');
  });

  it('gives up with an empty answer on Ctrl-C', async () => {
    const terminal = fakeTerminal();
    const answer = readHiddenLine(terminal, () => undefined);
    terminal.type('abc\u0003');
    await expect(answer).resolves.toBe('');
    expect(terminal.rawModes).toEqual([true, false]);
  });

  it('reads piped input to the end', async () => {
    await expect(readPiped(Readable.from([Buffer.from('s3cret'), Buffer.from('\n')]))).resolves.toBe('s3cret\n');
  });
});

describe('readVisibleLine', () => {
  it('asks on the output stream and returns the first line typed; end of input gives an empty answer', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const answer = readVisibleLine(input, output, 'Type the plan name: ');
    input.write('Contoso Apps\nmore\n');
    expect(await answer).toBe('Contoso Apps');
    expect(String(output.read())).toBe('Type the plan name: ');
    const closed = new PassThrough();
    const none = readVisibleLine(closed, new PassThrough(), '? ');
    closed.end();
    expect(await none).toBe('');
  });
});
