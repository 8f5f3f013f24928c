/**
 * max_rows_per_second (CONTRACT.md, "Run control"): the batch object hands
 * out the budget by when it sends each chunk. Pure; times are in ms.
 *
 * Rows are paid for before they start: a chunk of n rows may start n/rate
 * seconds after the previous chunk's start (or after now, when the batch was
 * idle), so by any time t after the first send at most rate·t rows have
 * started, whichever consumers run them. A chunk sent again (a lease ran
 * out, a resume) pays again: the batch only ever runs slower, never faster.
 * Idle time earns no credit, so no burst follows a pause.
 */

/** How far ahead of its start a chunk is sent, with a queue delay: the object wakes a few times a minute, not once a chunk. */
export const THROTTLE_HORIZON_MS = 10_000;

/** Queues deliver a delayed message at most this long after it is sent. */
const QUEUE_MAX_DELAY_SECONDS = 43_200;

/** Rows per chunk of a throttled batch: about one second's worth (so the average holds within a second), at least 1, at most the service's chunk size. */
export function throttledChunkRows(rowsPerSecond: number, chunkRows: number): number {
  return Math.max(1, Math.min(chunkRows, Math.floor(rowsPerSecond)));
}

/** How rows are cut into chunks for a batch: a throttled one in chunks of about a second's rows, ranges of a source included. */
export function chunkSizeOf(run: { max_rows_per_second: number | null }, chunkRows: number): { chunkRows: number; maxRangeRows: number | null } {
  if (run.max_rows_per_second === null) return { chunkRows, maxRangeRows: null };
  const rows = throttledChunkRows(run.max_rows_per_second, chunkRows);
  return { chunkRows: rows, maxRangeRows: rows };
}

export type SendPlan = {
  /** queue delay of each chunk sent now, in order: a prefix of the chunks asked about */
  delaySeconds: number[];
  /** the start of the last chunk planned: the schedule's new cursor */
  cursorMs: number | null;
};

/**
 * Which of the next chunks (their row counts, in order) to send now, and
 * with what delay: those whose start falls within the horizon, and always
 * the next one when nothing is scheduled ahead (a chunk longer than the
 * horizon at a slow rate). Delays round up to whole seconds, so no chunk
 * starts before its time.
 */
export function planSends(rowCounts: readonly number[], s: { rowsPerSecond: number; cursorMs: number | null; nowMs: number; horizonMs?: number }): SendPlan {
  const horizon = s.nowMs + (s.horizonMs ?? THROTTLE_HORIZON_MS);
  const delaySeconds: number[] = [];
  let cursor = s.cursorMs;
  for (const rows of rowCounts) {
    const base = Math.max(cursor ?? s.nowMs, s.nowMs);
    const start = base + chunkMs(rows, s.rowsPerSecond);
    if (start > horizon && base > s.nowMs) break;
    delaySeconds.push(Math.min(QUEUE_MAX_DELAY_SECONDS, Math.ceil((start - s.nowMs) / 1000)));
    cursor = start;
  }
  return { delaySeconds, cursorMs: cursor };
}

/** When to send next, for a next chunk of `nextRows` rows: when its start is half a horizon away (at once when nothing is scheduled ahead). */
export function nextSendMs(s: { rowsPerSecond: number; cursorMs: number | null; nextRows: number; nowMs: number; horizonMs?: number }): number {
  if (s.cursorMs === null || s.cursorMs <= s.nowMs) return s.nowMs;
  return Math.max(s.nowMs, s.cursorMs + chunkMs(s.nextRows, s.rowsPerSecond) - (s.horizonMs ?? THROTTLE_HORIZON_MS) / 2);
}

const chunkMs = (rows: number, rowsPerSecond: number) => (rows * 1000) / rowsPerSecond;
