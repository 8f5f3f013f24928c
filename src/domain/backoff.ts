/** Seconds to wait before delivery attempt `attempt + 1`: exponential, capped, with jitter in [0.5, 1). */
export function retryDelaySeconds(attempt: number, random: number, capSeconds = 300): number {
  const base = Math.min(capSeconds, 2 ** Math.max(0, attempt));
  return Math.max(1, Math.round(base * (0.5 + random / 2)));
}

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
