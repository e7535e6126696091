import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs, retryPolicies } from './retry-policy.ts';

describe('retry policy (data per operation)', () => {
  it('backs off exponentially up to the cap, and never sooner than a throttling fabric asked', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, initialIntervalMs: 100, backoffCoefficient: 3, maximumIntervalMs: 1_000 };
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(policy, attempt))).toEqual([100, 300, 900, 1_000]);
    expect(retryDelayMs(policy, 1, 5_000)).toBe(5_000); // Retry-After beats both backoff and cap
    expect(retryDelayMs(policy, 3, 50)).toBe(900);
  });

  it('permanent and conflict are not retried; transient, throttled, unreachable and outcome-unknown are', () => {
    const policy = retryPolicies()('shutdown');
    expect(['permanent', 'conflict'].map((kind) => isRetryable(policy, kind as never))).toEqual([false, false]);
    expect(['transient', 'throttled', 'unreachable', 'outcome-unknown'].every((kind) => isRetryable(policy, kind as never))).toBe(true);
  });

  it('an operation has its own policy over the base one', () => {
    const policies = retryPolicies({ initialIntervalMs: 5 }, { 'create-replica': { maximumAttempts: 2 } });
    expect(policies('create-replica')).toMatchObject({ initialIntervalMs: 5, maximumAttempts: 2 });
    expect(policies('shutdown')).toMatchObject({ initialIntervalMs: 5, maximumAttempts: DEFAULT_RETRY_POLICY.maximumAttempts });
  });
});
