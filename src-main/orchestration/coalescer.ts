// Coalesced events, so a large job's progress cannot flood its subscribers (docs/decisions.md, "Live job views
// fetch changes, not the tree"): at most one publication per key every `intervalMs` (50 ms → ≤ 20/s per
// job), always the latest state, published from a timer so a slow subscriber never holds up the engine.
export class Coalescer<K, P> {
  readonly #intervalMs: number;
  readonly #publish: (key: K, payload: P) => void;
  readonly #pending = new Map<K, { build: () => P; timer: NodeJS.Timeout }>();
  readonly #last = new Map<K, number>();
  #closed = false;

  constructor(intervalMs: number, publish: (key: K, payload: P) => void) {
    this.#intervalMs = intervalMs;
    this.#publish = publish;
  }

  notify(key: K, build: () => P): void {
    if (this.#closed) return;
    const pending = this.#pending.get(key);
    if (pending) {
      pending.build = build;
      return;
    }
    const untilDue = () => this.#intervalMs - (Date.now() - (this.#last.get(key) ?? 0));
    const fire = () => {
      const entry = this.#pending.get(key);
      if (!entry || this.#closed) return;
      // Timers run on the monotonic clock, the interval is kept by the wall clock subscribers read, and on a loaded
      // virtual machine the two drift apart: a timer that fires before the interval has passed by the wall clock
      // waits the rest instead of publishing early.
      const early = untilDue();
      if (early > 0) {
        entry.timer = setTimeout(fire, early);
        return;
      }
      this.#pending.delete(key);
      this.#last.set(key, Date.now());
      try {
        this.#publish(key, entry.build());
      } catch {
        // Events are advisory: a failure to build or deliver one never affects the job.
      }
    };
    const timer = setTimeout(fire, Math.max(0, untilDue()));
    this.#pending.set(key, { build, timer });
  }

  close(): void {
    this.#closed = true;
    for (const { timer } of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }
}
