/** Time is injected so that rules such as R10's two-week forced completion are testable instantly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock & { advance(ms: number): void; set(at: Date | string): void } {
  let current = new Date(at).getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
    set(value) {
      current = new Date(value).getTime();
    },
  };
}
