import { z } from 'zod';
import { channel, returns } from './define.ts';

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  /** The first entry that is not what the chain says it should be. */
  firstBad?: { seq: number; problem: 'edited' | 'inserted-or-deleted' };
  message: string;
}

export const auditChannels = {
  'audit:verify': channel({
    input: z.strictObject({}),
    output: returns<AuditVerdict>(),
    summary: 'Checks the hash chain of the audit trail and reports the first edited, inserted or deleted entry.',
  }),
};

export const auditEvents = {};
