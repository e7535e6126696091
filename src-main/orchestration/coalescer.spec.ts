// Coalesced events keep their interval by the wall clock subscribers read, also when a notification comes after a
// long synchronous stretch (a group commit) with only part of the interval left.
import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalescer.ts';

function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // a long synchronous commit, as a group commit of hundreds of writes is
  }
}

describe('coalescer', () => {
  it('publishes one key at most once per interval by the wall clock, after a long synchronous stretch too', async () => {
    const published: number[] = [];
    let rounds = 0;
    const done = new Promise<void>((resolve) => {
      const coalescer = new Coalescer<string, number>(50, () => {
        published.push(Date.now());
        rounds += 1;
        if (rounds === 4) {
          coalescer.close();
          resolve();
          return;
        }
        // 40 ms of synchronous work, then the next notification: 10 ms of the interval are left.
        busy(40);
        coalescer.notify('job', () => rounds);
      });
      coalescer.notify('job', () => rounds);
    });
    await done;
    // Date.now() has whole milliseconds and the coalescer reads it just before this callback does: one reading
    // may land a millisecond later than the coalescer's, so 49 is on time and 40 (the busy stretch) is early.
    for (let index = 1; index < published.length; index++) expect(published[index]! - published[index - 1]!).toBeGreaterThanOrEqual(49);
  });
});
