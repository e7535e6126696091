import { describe, expect, it } from 'vitest';
import { itemOf, lab, NOW } from '../rules/fixture.ts';
import { dashboardFigures, recoveryPointAge } from './summary.ts';

const at = (secondsAgo: number) => new Date(NOW.getTime() - secondsAgo * 1000).toISOString();

describe('dashboard figures', () => {
  it('counts every lab item once by replication state and once by failover state', () => {
    const estate = lab();
    const figures = dashboardFigures(estate.items, (item) => item.recoveryPoints, NOW);
    const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
    expect(figures.itemCount).toBe(estate.items.length);
    expect(sum(figures.byReplication)).toBe(estate.items.length);
    expect(sum(figures.byFailover)).toBe(estate.items.length);
    expect(figures.byReplication['initial-replication']).toBeGreaterThan(0);
    expect(figures.recoveryPoints).toHaveLength(estate.items.length);
  });

  it('a recovery point within two replication intervals is current; older is late; none is none', () => {
    const item = itemOf(lab(), 'web01');
    const frequency = item.replication.frequencySeconds;
    const point = (secondsAgo: number) => [{ id: 'p', time: at(secondsAgo), consistency: 'crash' as const }];
    expect(recoveryPointAge({ ...item, failoverState: 'none', replication: { ...item.replication, state: 'protected' } }, point(frequency), NOW)).toMatchObject({ health: 'current', ageSeconds: frequency, frequencySeconds: frequency });
    expect(recoveryPointAge({ ...item, failoverState: 'none', replication: { ...item.replication, state: 'protected' } }, point(3 * frequency), NOW).health).toBe('late');
    expect(recoveryPointAge({ ...item, failoverState: 'none', replication: { ...item.replication, state: 'protected' } }, [], NOW)).toMatchObject({ health: 'none', ageSeconds: null, latestAt: null });
  });

  it('R7 R8: an item that does not replicate (commit pending, not protected) is paused, not late', () => {
    const item = itemOf(lab(), 'web01');
    const old = [{ id: 'p', time: at(30 * 86_400), consistency: 'crash' as const }];
    expect(recoveryPointAge({ ...item, failoverState: 'commit-pending' }, old, NOW).health).toBe('paused');
    expect(recoveryPointAge({ ...item, replication: { ...item.replication, state: 'not-protected' } }, old, NOW).health).toBe('paused');
  });
});
