import type { StoredRow } from "../results/outcome";

/**
 * The first result layout, `row_results` (one D1 row per source row), read
 * and purged only: batches stored that way before migration 0006 stay
 * readable until their retention ends, after which this module and the table
 * can go. Its reads ride in the same D1 batch as the chunk reads.
 */

/** Rows of one status in row order after `afterRow`; `belowBucket` keeps only the sampled rows. */
export function legacyRowsAfter(
  d1: D1Database,
  q: { batchId: string; status: "succeeded" | "failed"; afterRow: number; limit: number; belowBucket: number | null },
) {
  return d1
    .prepare(
      `SELECT row_number, original_row_number, source_identifier, body FROM row_results
       WHERE batch_id = ?1 AND status = ?2 AND row_number > ?3 AND (?5 IS NULL OR sample_bucket < ?5)
       ORDER BY row_number LIMIT ?4`,
    )
    .bind(q.batchId, q.status, q.afterRow, q.limit, q.belowBucket);
}

export function legacyRowsOf(result: D1Result<unknown>): StoredRow[] {
  return (result.results as { row_number: number; original_row_number: number | null; source_identifier: string | null; body: string }[]).map((r) => ({
    rowNumber: r.row_number,
    originalRowNumber: r.original_row_number,
    sourceIdentifier: r.source_identifier,
    body: JSON.parse(r.body),
  }));
}

/** Deletes up to `limit` of a batch's rows; returns how many went. */
export async function deleteLegacyRowResults(d1: D1Database, batchId: string, limit: number): Promise<number> {
  const res = await d1
    .prepare(
      `DELETE FROM row_results WHERE batch_id = ?1 AND row_number IN
         (SELECT row_number FROM row_results WHERE batch_id = ?1 LIMIT ?2)`,
    )
    .bind(batchId, limit)
    .run();
  return res.meta.changes;
}
