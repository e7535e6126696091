import type { auditChannels } from '../../../contract/audit.ts';
import { verifyAuditLog } from '../../../adapters/sqlite/audit-log.ts';
import type { HandlersFor } from './types.ts';

export const auditHandlers: HandlersFor<keyof typeof auditChannels> = {
  'audit:verify': (_input, app) => verifyAuditLog(app.db),
};
