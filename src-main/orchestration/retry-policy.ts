// Retry policy per fabric operation, as data (docs/decisions.md "Runner on fabric port v2"): transient,
// throttled and unreachable errors are absorbed here before an operator ever sees a failed step; `permanent`
// and `conflict` fail the step at once; `outcome-unknown` is reconciled (lookup by key) before anything is
// sent again. Sleeping is injected so tests never wait on a wall clock.
import type { FabricErrorKind, FabricOperationName } from '../domain/ports/fabric-port.ts';

export interface RetryPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** Attempts in all, the first one included. */
  maximumAttempts: number;
  nonRetryable: readonly FabricErrorKind[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 30_000,
  maximumAttempts: 5,
  nonRetryable: ['permanent', 'conflict'],
};

/** Per-operation overrides: a shutdown or a replica start is cheap to re-ask; creating a replica is not. */
export const OPERATION_RETRY_POLICIES: Partial<Record<FabricOperationName, Partial<RetryPolicy>>> = {
  'create-replica': { maximumAttempts: 4 },
  'reverse-replication': { maximumAttempts: 4, maximumIntervalMs: 60_000 },
};

export type RetryPolicies = (operation: FabricOperationName) => RetryPolicy;

export function retryPolicies(base: Partial<RetryPolicy> = {}, perOperation = OPERATION_RETRY_POLICIES): RetryPolicies {
  return (operation) => ({ ...DEFAULT_RETRY_POLICY, ...base, ...perOperation[operation] });
}

/** Whether an error of this kind may be tried again (outcome-unknown is reconciled, then retried). */
export function isRetryable(policy: RetryPolicy, kind: FabricErrorKind): boolean {
  return !policy.nonRetryable.includes(kind);
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): exponential, capped, and never shorter than
 * what a throttling fabric asked for (Retry-After), even above the cap.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number {
  const backoff = Math.min(policy.maximumIntervalMs, policy.initialIntervalMs * policy.backoffCoefficient ** Math.max(0, attempt - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

/** Waits `ms`, or rejects with the signal's reason when it is aborted first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
