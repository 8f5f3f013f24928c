import { and, asc, eq, gt, lt } from "drizzle-orm";
import { sampleBucket } from "../domain/sampling";
import type { Db } from "./client";
import { groupJsonByBytes, jsonRows, MAX_JSON_PARAM_BYTES } from "./json-param";
import { rowResults } from "./schema";

export type RowResultInput = {
  rowNumber: number;
  /** replays: the row's number in the first batch of the chain */
  originalRowNumber: number | null;
  sourceIdentifier: string | null;
  status: "succeeded" | "failed";
  /** the result object, or the list of row errors */
  body: unknown;
};

// A whole chunk per statement, as one JSON parameter (D1 binds at most 100
// parameters); ON CONFLICT DO NOTHING makes a redelivered chunk write nothing twice.
const INSERT_ROWS = `${jsonRows(2)}
INSERT INTO row_results (batch_id, row_number, source_identifier, status, body, sample_bucket, original_row_number)
SELECT ?1, r->>'n', r->>'s', r->>'t', r->'b', r->>'k', r->>'o' FROM rows WHERE true
ON CONFLICT DO NOTHING`;

/** A row whose result (or errors) is too big for D1's 2 MB value limit is stored as this error instead. */
const RESULT_TOO_LARGE = { code: "result_too_large", message: `The row's result is longer than ${MAX_JSON_PARAM_BYTES} bytes of JSON and cannot be stored` };

export type StoredChunk = { succeeded: number; failures: { rowNumber: number; originalRowNumber: number | null; sourceIdentifier: string | null; body: unknown }[] };

/**
 * Stores a chunk's outcomes (as few statements as D1's size limits allow)
 * and reads back what is stored for its rows, all in one D1 batch. A
 * redelivered chunk writes nothing new, so callers count and report what the
 * first delivery stored: counters, results and error reports always agree.
 */
export async function storeChunkResults(d1: D1Database, batchId: string, firstRow: number, rows: readonly RowResultInput[]): Promise<StoredChunk> {
  const payload = rows.map((r) => ({ n: r.rowNumber, o: r.originalRowNumber, s: r.sourceIdentifier, t: r.status, b: r.body, k: sampleBucket(r.rowNumber) }));
  const insert = d1.prepare(INSERT_ROWS);
  const tooLarge = (p: (typeof payload)[number]) => ({ ...p, t: "failed" as const, b: [RESULT_TOO_LARGE] });
  const lastRow = firstRow + rows.length - 1;
  const results = await d1.batch([
    ...groupJsonByBytes(payload, undefined, tooLarge).map((group) => insert.bind(batchId, group)),
    d1.prepare("SELECT count(*) AS n FROM row_results WHERE batch_id = ? AND status = 'succeeded' AND row_number BETWEEN ? AND ?").bind(batchId, firstRow, lastRow),
    d1
      .prepare("SELECT row_number, original_row_number, source_identifier, body FROM row_results WHERE batch_id = ? AND status = 'failed' AND row_number BETWEEN ? AND ? ORDER BY row_number")
      .bind(batchId, firstRow, lastRow),
  ]);
  const [count, failed] = results.slice(-2) as [D1Result<{ n: number }>, D1Result<{ row_number: number; original_row_number: number | null; source_identifier: string | null; body: string }>];
  return {
    succeeded: count.results[0]!.n,
    failures: failed.results.map((r) => ({ rowNumber: r.row_number, originalRowNumber: r.original_row_number, sourceIdentifier: r.source_identifier, body: JSON.parse(r.body) })),
  };
}

export type RowResultPage = { rowNumber: number; originalRowNumber: number | null; sourceIdentifier: string | null; body: string }[];

/** Rows of one status in row order after `afterRow`; `belowBucket` keeps only the sampled rows. */
export async function pageRowResults(
  db: Db,
  q: { batchId: string; status: "succeeded" | "failed"; afterRow: number; limit: number; belowBucket?: number | null },
): Promise<RowResultPage> {
  const conditions = [eq(rowResults.batchId, q.batchId), eq(rowResults.status, q.status), gt(rowResults.rowNumber, q.afterRow)];
  if (q.belowBucket != null) conditions.push(lt(rowResults.sampleBucket, q.belowBucket));
  return db
    .select({ rowNumber: rowResults.rowNumber, originalRowNumber: rowResults.originalRowNumber, sourceIdentifier: rowResults.sourceIdentifier, body: rowResults.body })
    .from(rowResults)
    .where(and(...conditions))
    .orderBy(asc(rowResults.rowNumber))
    .limit(q.limit)
    .all();
}

/** Deletes up to `limit` of a batch's rows; returns how many went. */
export async function deleteRowResults(d1: D1Database, batchId: string, limit: number): Promise<number> {
  const res = await d1
    .prepare(
      `DELETE FROM row_results WHERE batch_id = ?1 AND row_number IN
         (SELECT row_number FROM row_results WHERE batch_id = ?1 LIMIT ?2)`,
    )
    .bind(batchId, limit)
    .run();
  return res.meta.changes;
}

/** A batch's failed row numbers within these row ranges (inclusive), in one D1 round trip. */
export async function failedRowNumbersIn(d1: D1Database, batchId: string, ranges: readonly { first: number; last: number }[]): Promise<Set<number>> {
  if (ranges.length === 0) return new Set();
  const query = d1.prepare("SELECT row_number FROM row_results WHERE batch_id = ? AND status = 'failed' AND row_number BETWEEN ? AND ?");
  const results = await d1.batch<{ row_number: number }>(ranges.map((r) => query.bind(batchId, r.first, r.last)));
  return new Set(results.flatMap((r) => r.results.map((row) => row.row_number)));
}
