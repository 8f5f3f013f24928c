import { and, asc, eq, gt, lt } from "drizzle-orm";
import { groupBySize } from "../domain/chunking";
import { sampleBucket } from "../domain/sampling";
import type { Db } from "./client";
import { rowResults } from "./schema";

export type RowResultInput = {
  rowNumber: number;
  sourceIdentifier: string | null;
  status: "succeeded" | "failed";
  /** the result object, or the list of row errors */
  body: unknown;
};

// A whole chunk per statement, as one JSON parameter (D1 binds at most 100
// parameters); ON CONFLICT DO NOTHING makes a redelivered chunk write nothing twice.
const INSERT_ROWS = `
INSERT INTO row_results (batch_id, row_number, source_identifier, status, body, sample_bucket)
SELECT ?1, j.value->>'n', j.value->>'s', j.value->>'t', j.value->>'b', j.value->>'k'
FROM json_each(?2) AS j WHERE true
ON CONFLICT DO NOTHING`;

/** D1 caps a bound string at 2 MB; stay well below. */
const MAX_STATEMENT_PAYLOAD_BYTES = 1_500_000;

/** Stores a chunk's outcomes in as few statements as the D1 size limits allow, in one batch. */
export async function insertRowResults(d1: D1Database, batchId: string, rows: readonly RowResultInput[]) {
  if (rows.length === 0) return;
  const encoded = rows.map((r) =>
    JSON.stringify({ n: r.rowNumber, s: r.sourceIdentifier, t: r.status, b: JSON.stringify(r.body), k: sampleBucket(r.rowNumber) }),
  );
  const groups = groupBySize(encoded, (s) => s.length + 1, Number.MAX_SAFE_INTEGER, MAX_STATEMENT_PAYLOAD_BYTES);
  const statement = d1.prepare(INSERT_ROWS);
  await d1.batch(groups.map((g) => statement.bind(batchId, `[${g.join(",")}]`)));
}

export type RowResultPage = { rowNumber: number; sourceIdentifier: string | null; body: string }[];

/** Rows of one status in row order after `afterRow`; `belowBucket` keeps only the sampled rows. */
export async function pageRowResults(
  db: Db,
  q: { batchId: string; status: "succeeded" | "failed"; afterRow: number; limit: number; belowBucket?: number | null },
): Promise<RowResultPage> {
  const conditions = [eq(rowResults.batchId, q.batchId), eq(rowResults.status, q.status), gt(rowResults.rowNumber, q.afterRow)];
  if (q.belowBucket != null) conditions.push(lt(rowResults.sampleBucket, q.belowBucket));
  return db
    .select({ rowNumber: rowResults.rowNumber, sourceIdentifier: rowResults.sourceIdentifier, body: rowResults.body })
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
