import type { CliCommand } from '../command.ts';
import { certificatesCommands } from './certificates.ts';
import { connectionsCommands } from './connections.ts';
import { secretsCommands } from './secrets.ts';
import { sitesCommands } from './sites.ts';

export const COMMANDS: readonly CliCommand[] = [...sitesCommands, ...connectionsCommands, ...secretsCommands, ...certificatesCommands];
