import type { CliCommand } from '../command.ts';
import { scriptsCommands } from './scripts.ts';
import { sitesCommands } from './sites.ts';

export const COMMANDS: readonly CliCommand[] = [...sitesCommands, ...scriptsCommands];
