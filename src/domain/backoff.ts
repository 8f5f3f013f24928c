/** Seconds to wait before delivery attempt `attempt + 1`: exponential, capped, with jitter in [0.5, 1). */
export function retryDelaySeconds(attempt: number, random: number, capSeconds = 300): number {
  const base = Math.min(capSeconds, 2 ** Math.max(0, attempt));
  return Math.max(1, Math.round(base * (0.5 + random / 2)));
}

import { isTerminal, type BatchStatus, type Failure } from "./batch-state";

/**
 * A batch object's alarm that fails this many times in a row ends the batch
 * as `failed`: about 14 minutes of retries with the delays below, long enough
 * to ride out a partner's server restarting, never a loop.
 */
export const MAX_ALARM_FAILURES = 10;

/** Milliseconds before the alarm runs again after its `failures`-th failure in a row: 1 s doubling, at most 5 minutes. */
export function alarmRetryDelayMs(failures: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, failures - 1));
}

/**
 * What follows the `failures`-th failure in a row of a batch object's alarm:
 * a retry with backoff; past the limit, a running batch fails with the last
 * error (while reading its source, the source is why); a finished one stops.
 */
export function afterAlarmFailure(s: { failures: number; status: BatchStatus | null; reading: boolean; error: string }):
  | { kind: "retry"; delayMs: number }
  | { kind: "fail"; failure: Failure }
  | { kind: "stop" } {
  if (s.failures < MAX_ALARM_FAILURES) return { kind: "retry", delayMs: alarmRetryDelayMs(s.failures) };
  if (s.status === null || isTerminal(s.status)) return { kind: "stop" };
  const what = s.reading ? "Reading the source" : "Running the batch";
  return { kind: "fail", failure: { code: s.reading ? "source_unreadable" : "internal_error", message: `${what} failed ${s.failures} times in a row; last: ${s.error}` } };
}
