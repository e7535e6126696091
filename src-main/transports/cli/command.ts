import type { ParseArgsOptionsConfig } from 'node:util';
import type { AppContext } from '../../composition/app-context.ts';
import type { Channel, InputOf, OutputOf } from '../../contract/index.ts';

/** Documented exit codes of `npm run cli`. */
export const EXIT = {
  ok: 0,
  /** The operation ran and failed, or the engine refused it. */
  failed: 1,
  /** Bad arguments: unknown command or option, a missing or malformed value. */
  usage: 2,
  /** Pre-flight found a failing check: the operation may not start. */
  preflightFailed: 3,
} as const;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Standard input read to the end (secrets are read from here, never from arguments). */
  readStdin(): Promise<string>;
  /** True when an operator sits at a terminal (stdin is a TTY): destructive commands then ask first. */
  isInteractive?: boolean;
  /** Shows `question` and reads one visible line typed by the operator. */
  prompt?(question: string): Promise<string>;
}

export interface CliContext {
  readonly io: CliIo;
  readonly json: boolean;
  /** Opened on first use, so `--help` never touches the data directory. */
  app(): AppContext;
  /** Calls a contract channel through the same dispatch as IPC and the web host; throws AppError on error. */
  invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
}

export interface CliCommand {
  /** The words that name it: ['sites', 'list']. */
  readonly path: readonly string[];
  readonly summary: string;
  readonly usage?: string;
  readonly options?: ParseArgsOptionsConfig;
  /**
   * It only reads: the database is opened read-only (an up-to-date one is never written to, and a data
   * directory whose files are read-only still answers). Background work and R10 timers do not run.
   */
  readonly readOnly?: boolean;
  run(context: CliContext, values: Record<string, string | boolean | string[] | boolean[] | undefined>, positionals: string[]): Promise<number>;
}

/** Thrown by commands for a usage problem: exit 2 with the message. */
export class UsageError extends Error {}
