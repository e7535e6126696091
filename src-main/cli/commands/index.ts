import type { CliCommand } from '../command.ts';
import { sitesCommands } from './sites.ts';
import { failoverCommands } from './failover.ts';
import { jobsCommands } from './jobs.ts';
import { labCommands } from './lab.ts';
import { auditCommands } from './audit.ts';

export const COMMANDS: readonly CliCommand[] = [...sitesCommands, ...failoverCommands, ...jobsCommands, ...labCommands, ...auditCommands];
