import type { EventName, PayloadOf } from '../contract/index.ts';

export type EventListener = <E extends EventName>(name: E, payload: PayloadOf<E>) => void;

/**
 * Fan-out of contract events to transports (Electron webContents, web host SSE, CLI). Publishing never
 * blocks the engine: a listener that throws is dropped from this delivery, not from the engine's path.
 */
export class EventHub {
  readonly #listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish<E extends EventName>(name: E, payload: PayloadOf<E>): void {
    for (const listener of this.#listeners) {
      try {
        listener(name, payload);
      } catch {
        // A broken subscriber must not stop a failover; the transport logs its own failures.
      }
    }
  }
}
