/**
 * One JSON line per event, for `wrangler tail --format json --search <batch id>`.
 * Callers pass ids, counts and durations only: never row content or secrets.
 */
export function logEvent(event: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ event, ts: new Date().toISOString(), ...fields }));
}

/** Enough of an error to debug, never bound parameters (drizzle puts them in its messages). */
export function errorSummary(e: unknown, opts: { withName: boolean } = { withName: true }): string {
  const text = e instanceof Error ? (opts.withName ? `${e.name}: ${e.message}` : e.message) : String(e);
  return text.split(/\bparams:/)[0]!.slice(0, 300);
}
