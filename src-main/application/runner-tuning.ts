// Lab and drills only: the runner's retry and poll intervals for a console process started by another
// process (the crash drills), which cannot reach into its memory. Production never sets it: the runner then
// uses its retry policies (engine/orchestrator/retry-policy.ts) and poll backoff as they are.
// `FAILOVER_CONSOLE_RUNNER_TUNING='{"retry":{"initialIntervalMs":20},"pollIntervalMs":10,"maxPollIntervalMs":50}'`
import type { RetryPolicy } from '../orchestration/retry-policy.ts';

export const RUNNER_TUNING_ENV = 'FAILOVER_CONSOLE_RUNNER_TUNING';

export interface RunnerTuning {
  retry: Partial<Pick<RetryPolicy, 'initialIntervalMs' | 'maximumIntervalMs'>>;
  polling: { pollIntervalMs?: number; maxPollIntervalMs?: number };
}

const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

/** Anything malformed is ignored: the runner then keeps its own intervals. */
export function runnerTuningFromEnv(value: string | undefined): RunnerTuning {
  const tuning: RunnerTuning = { retry: {}, polling: {} };
  if (!value) return tuning;
  let parsed: { retry?: Record<string, unknown>; pollIntervalMs?: unknown; maxPollIntervalMs?: unknown };
  try {
    parsed = JSON.parse(value) as typeof parsed;
  } catch {
    return tuning;
  }
  if (typeof parsed !== 'object' || parsed === null) return tuning;
  if (positive(parsed.retry?.initialIntervalMs)) tuning.retry.initialIntervalMs = parsed.retry.initialIntervalMs;
  if (positive(parsed.retry?.maximumIntervalMs)) tuning.retry.maximumIntervalMs = parsed.retry.maximumIntervalMs;
  if (positive(parsed.pollIntervalMs)) tuning.polling.pollIntervalMs = parsed.pollIntervalMs;
  if (positive(parsed.maxPollIntervalMs)) tuning.polling.maxPollIntervalMs = parsed.maxPollIntervalMs;
  return tuning;
}
