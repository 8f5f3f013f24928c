/** Sample buckets run 0 .. SAMPLE_BUCKETS-1. */
export const SAMPLE_BUCKETS = 1_000_000;
/** The error report returns every failure up to this many, and a sample of about this many past it. */
export const ERROR_REPORT_SAMPLE_SIZE = 10_000;

/**
 * A stable pseudo-random bucket for a row number (a 32-bit integer hash), so
 * "bucket < threshold" draws the same uniform sample on every page and call.
 */
export function sampleBucket(rowNumber: number): number {
  let h = rowNumber >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) % SAMPLE_BUCKETS;
}

/** The bucket bound that keeps about ERROR_REPORT_SAMPLE_SIZE of totalFailed rows; null means keep all. */
export function sampleThreshold(totalFailed: number): number | null {
  if (totalFailed <= ERROR_REPORT_SAMPLE_SIZE) return null;
  return Math.floor((SAMPLE_BUCKETS * ERROR_REPORT_SAMPLE_SIZE) / totalFailed);
}
