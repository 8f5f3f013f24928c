/** Rows a second and seconds left, from a batch's own counts; null until they can be known. */
export type ProgressRate = { rows_per_second: number | null; eta_seconds: number | null };

/**
 * The average rate since the batch started (to its end once it ended), and
 * the time left at that rate. Nothing is known before the first second of
 * running or before any row is counted; no ETA without a row total (a
 * source still being read has none yet); a finished batch has 0 left.
 */
export function progressRate(b: { startedAt: string | null; completedAt: string | null; processed: number; total: number | null; nowMs: number }): ProgressRate {
  if (b.completedAt !== null) {
    const seconds = b.startedAt ? (Date.parse(b.completedAt) - Date.parse(b.startedAt)) / 1000 : 0;
    return { rows_per_second: seconds > 0 && b.processed > 0 ? round(b.processed / seconds) : null, eta_seconds: 0 };
  }
  if (!b.startedAt) return { rows_per_second: null, eta_seconds: null };
  const seconds = (b.nowMs - Date.parse(b.startedAt)) / 1000;
  if (seconds < 1 || b.processed === 0) return { rows_per_second: null, eta_seconds: null };
  const rate = b.processed / seconds;
  const eta = b.total === null ? null : Math.max(0, Math.ceil((b.total - b.processed) / rate));
  return { rows_per_second: round(rate), eta_seconds: eta };
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The row total a source will likely have, from what reading it has shown so
 * far: rows per byte read, times its size. Null before anything is read or
 * when the size is unknown (a stream without a length).
 */
export function estimateRowsTotal(read: { rows: number; bytes: number; size: number | null }): number | null {
  if (read.size === null || read.bytes <= 0 || read.rows <= 0) return null;
  return Math.max(read.rows, Math.round((read.rows * read.size) / read.bytes));
}
