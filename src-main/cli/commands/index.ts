import type { CliCommand } from '../command.ts';
import { estateCommands } from './estate.ts';
import { rulesCommands } from './rules.ts';
import { scriptsCommands } from './scripts.ts';
import { sitesCommands } from './sites.ts';

export const COMMANDS: readonly CliCommand[] = [...sitesCommands, ...estateCommands, ...rulesCommands, ...scriptsCommands];
