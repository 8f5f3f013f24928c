/** Seconds to wait before delivery attempt `attempt + 1`: exponential, capped, with jitter in [0.5, 1). */
export function retryDelaySeconds(attempt: number, random: number, capSeconds = 300): number {
  const base = Math.min(capSeconds, 2 ** Math.max(0, attempt));
  return Math.max(1, Math.round(base * (0.5 + random / 2)));
}
