// Timer port: what the scheduler needs from persistence to keep durable timers (docs/decisions.md, "Durable
// timers"). `Tx` is the adapter's transaction handle (the SQLite adapter passes its connection inside a group
// commit); the engine never looks inside it, so a PostgreSQL adapter can implement the same port.

export interface Timer {
  id: string;
  kind: string;
  jobId: string | null;
  /** ISO-8601 instant (UTC, milliseconds): compares as text in due order. */
  dueAt: string;
  payload: Record<string, unknown>;
  createdAt: string;
  attempts: number;
}

export interface TimerRecord extends Timer {
  firedAt: string | null;
  firedBy: string | null;
  outcome: string | null;
  lastError: string | null;
}

export interface TimerRepository<Tx> {
  /** Inside the caller's transaction. A timer with this id already scheduled is kept as it is. */
  insert(tx: Tx, timer: Omit<Timer, 'attempts'>): void;
  /** Unfired timers due at or before `at`, oldest first. Reads only. */
  due(at: string, limit?: number): Timer[];
  /** Claims a due timer for `owner`: true for exactly one caller, however many processes try. */
  claim(tx: Tx, id: string, at: string, owner: string): boolean;
  complete(tx: Tx, id: string, outcome: string): void;
  /** Puts a claimed timer back, due again at `dueAt` (its handler could not act yet). */
  reschedule(tx: Tx, id: string, dueAt: string, reason: string): void;
  /** A handler that threw: its effect and the claim were rolled back; the attempt and error are kept. */
  failed(tx: Tx, id: string, error: string): void;
}

/** Runs `work` in one transaction; resolves once it is durable, rejects if it was refused. */
export interface UnitOfWork<Tx> {
  write(work: (tx: Tx) => void): Promise<void>;
}
