import { certificatesHandlers } from './certificates.ts';
import { connectionsHandlers } from './connections.ts';
import { estateHandlers } from './estate.ts';
import { preferencesHandlers } from './preferences.ts';
import { rulesHandlers } from './rules.ts';
import { scriptsHandlers } from './scripts.ts';
import { secretsHandlers } from './secrets.ts';
import { sitesHandlers } from './sites.ts';
import { jobsHandlers } from './jobs.ts';
import { labHandlers } from './lab.ts';
import { auditHandlers } from './audit.ts';
import { planEditorHandlers } from './plan-editor.ts';
import { wizardHandlers } from './wizard.ts';
import { dashboardHandlers } from './dashboard.ts';
import type { Handlers } from './types.ts';

/** Every channel of the contract has exactly one handler here: a missing one is a compile error. */
export const handlers: Handlers = {
  ...sitesHandlers,
  ...preferencesHandlers,
  ...estateHandlers,
  ...rulesHandlers,
  ...scriptsHandlers,
  ...connectionsHandlers,
  ...secretsHandlers,
  ...certificatesHandlers,
  ...jobsHandlers,
  ...labHandlers,
  ...auditHandlers,
  ...planEditorHandlers,
  ...wizardHandlers,
  ...dashboardHandlers,
};
