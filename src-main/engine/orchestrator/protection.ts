// R8: protection state after failover. To Azure → not protected; unplanned to a secondary site → not
// protected; planned to a secondary site → protected. A failback lands unprotected until reverse replication.
import type { ReplicationState, SiteKind } from '../model/estate.ts';

export function protectionAfterFailover(type: 'planned' | 'unplanned' | 'failback', targetKind: SiteKind): ReplicationState {
  if (targetKind === 'azure') return 'not-protected';
  if (type === 'planned') return 'protected';
  return 'not-protected';
}
