import { describe, expect, it } from 'vitest';
import { defaultResourcesDir } from '../../application/paths.ts';
import { AppError } from '../../contract/errors.ts';
import { fixedClock } from '../time/clock.ts';
import { loadLabEstate, parseEstate } from './load-estate.ts';

const clock = fixedClock('2026-11-29T03:00:00Z');
/** A valid estate document (times resolved) to break in one place per test. */
const raw = (): Record<string, unknown> => JSON.parse(JSON.stringify(loadLabEstate(defaultResourcesDir(), clock)));

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('lab estate', () => {
  it('has at least one site of each kind: VMM primary and secondary, Hyper-V, VMware, physical, Azure', () => {
    const estate = loadLabEstate(defaultResourcesDir(), clock);
    const kinds = estate.sites.map((site) => `${site.kind}:${site.role}`);
    for (const expected of ['vmm:primary', 'vmm:secondary', 'hyperv:primary', 'vmware:primary', 'physical:primary', 'azure:cloud']) {
      expect(kinds).toContain(expected);
    }
  });

  it('resolves relative times against the injected clock and gives replicating items recovery points', () => {
    const estate = loadLabEstate(defaultResourcesDir(), clock);
    const returned = estate.items.find((item) => item.id === 'br-file01');
    expect(returned?.lastFailover?.at).toBe('2026-10-15T03:00:00.000Z');
    const replicating = estate.items.find((item) => item.id === 'dc01');
    expect(replicating?.recoveryPoints.length).toBeGreaterThan(0);
    const latest = replicating?.recoveryPoints.at(-1);
    expect(clock.now().getTime() - new Date(latest!.time).getTime()).toBeLessThanOrEqual(30_000);
    const initial = estate.items.find((item) => item.replication.state === 'initial-replication');
    expect(initial?.recoveryPoints).toEqual([]);
  });

  it('refuses an estate that breaks the schema with ESTATE_INVALID', () => {
    const broken = raw();
    (broken.sites as Record<string, unknown>[])[0]!.kind = 'mainframe';
    expect(codeOf(() => parseEstate(broken, 'test'))).toBe('ESTATE_INVALID');
  });

  it('refuses an estate whose plan names an item that does not exist', () => {
    const broken = raw() as { plans: { groups: { members: string[] }[] }[] };
    broken.plans[0]!.groups[0]!.members.push('ghost01');
    let message = '';
    try {
      parseEstate(broken, 'test');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('unknown item "ghost01"');
  });
});
