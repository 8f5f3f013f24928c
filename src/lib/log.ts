/**
 * One JSON line per event, for `wrangler tail --format json --search <batch id>`.
 * Callers pass ids, counts and durations only: never row content or secrets.
 */
export function logEvent(event: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ event, ...fields }));
}
