import { describe, expect, it } from 'vitest';
import type { ItemSummary } from '../../../src-main/contract/estate.ts';
import type { ResolvedDirection } from '../../../src-main/contract/wire.ts';
import { describeOperation } from './describe.ts';

const direction: ResolvedDirection = {
  sourceSiteId: 'site-primary',
  targetSiteId: 'site-secondary',
  sourceSiteName: 'Contoso Primary',
  targetSiteName: 'Contoso Secondary',
  key: 'vmm-primary->vmm-secondary',
  ambiguous: false,
  chosen: false,
};

function item(id: string, activeSiteId: string): ItemSummary {
  return { id, name: id.toUpperCase(), kind: 'vm', roles: [], primarySiteId: 'site-primary', recoverySiteId: 'site-secondary', activeSiteId, replicationState: 'protected', initialProgress: 100, failoverState: 'none', latestRecoveryPointAt: null, planIds: [] };
}

describe('the confirmation sentence', () => {
  it('R5: a planned failover says how many machines shut down where; machines already on the target are not counted', () => {
    const members = [item('a', 'site-primary'), item('b', 'site-primary'), item('c', 'site-secondary')];
    expect(describeOperation({ operation: 'planned-failover', scope: { planId: 'p' } }, direction, members)).toBe(
      '2 machines will shut down at Contoso Primary, synchronise and start at Contoso Secondary (R5: no data loss).',
    );
  });

  it('R6: an unplanned failover without shutdown says nothing is shut down at the source', () => {
    expect(describeOperation({ operation: 'unplanned-failover', scope: { itemId: 'a' } }, direction, [item('a', 'site-primary')])).toContain('1 machine will start at Contoso Secondary from the latest recovery point; nothing is shut down');
  });

  it('R16: a failback to an alternate host names the host and the VM creation', () => {
    const sentence = describeOperation({ operation: 'failback', scope: { planId: 'p' }, alternateHostId: 'hv-b-02', createVmIfMissing: true }, direction, [item('a', 'site-primary')]);
    expect(sentence).toContain('start at host hv-b-02 of Contoso Secondary, creating the virtual machine where it is missing');
  });

  it('R7: commit warns that the other recovery points are removed', () => {
    expect(describeOperation({ operation: 'commit', scope: { planId: 'p' } }, direction, [item('a', 'site-secondary')])).toContain('every other recovery point is removed');
  });
});
