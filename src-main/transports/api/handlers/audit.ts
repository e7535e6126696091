import type { auditChannels } from '../../../contract/audit.ts';
import type { HandlersFor } from './types.ts';

export const auditHandlers: HandlersFor<keyof typeof auditChannels> = {
  'audit:verify': (_input, app) => app.audit.verify(),
};
