// Status badges for items: one tone per replication and failover state, shared by the lists and details.
import type { ItemSummary } from '../../../src-main/contract/estate.ts';
import type { StatusTone } from '../StatusTag.vue';

export const REPLICATION_TONES: Record<ItemSummary['replicationState'], StatusTone> = {
  protected: 'success',
  'initial-replication': 'info',
  resynchronizing: 'warning',
  'not-protected': 'error',
};

export const REPLICATION_LABELS: Record<ItemSummary['replicationState'], string> = {
  protected: 'Protected',
  'initial-replication': 'Initial replication',
  resynchronizing: 'Resynchronizing',
  'not-protected': 'Not protected',
};

export const FAILOVER_TONES: Record<ItemSummary['failoverState'], StatusTone> = { none: 'neutral', 'commit-pending': 'warning', committed: 'info' };
export const FAILOVER_LABELS: Record<ItemSummary['failoverState'], string> = { none: 'No failover', 'commit-pending': 'Commit pending', committed: 'Committed' };
