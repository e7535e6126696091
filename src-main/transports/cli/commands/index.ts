import type { CliCommand } from '../command.ts';
import { certificatesCommands } from './certificates.ts';
import { connectionsCommands } from './connections.ts';
import { estateCommands } from './estate.ts';
import { rulesCommands } from './rules.ts';
import { scriptsCommands } from './scripts.ts';
import { secretsCommands } from './secrets.ts';
import { sitesCommands } from './sites.ts';
import { failoverCommands } from './failover.ts';
import { jobsCommands } from './jobs.ts';
import { labCommands } from './lab.ts';
import { auditCommands } from './audit.ts';

export const COMMANDS: readonly CliCommand[] = [
  ...sitesCommands,
  ...estateCommands,
  ...rulesCommands,
  ...scriptsCommands,
  ...connectionsCommands,
  ...secretsCommands,
  ...certificatesCommands,
  ...failoverCommands,
  ...jobsCommands,
  ...labCommands,
  ...auditCommands,
];
