import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * One row per processed chunk: its counts and its outcomes, as two sections
 * (succeeded rows' results, failed rows' errors; see src/results/section.ts).
 * A small section is stored inline; a larger one lives in R2, named by the
 * batch, the chunk and `delivery` (src/reports/keys.ts), as is the error
 * report every chunk with failures has. Chunks of a batch never overlap, so
 * `last_row` orders them and finds the chunk that holds a row.
 */
export const chunkResults = sqliteTable(
  "chunk_results",
  {
    batchId: text("batch_id").notNull(),
    lastRow: integer("last_row").notNull(),
    firstRow: integer("first_row").notNull(),
    chunkIndex: integer("chunk_index").notNull(),
    succeeded: integer("succeeded").notNull(),
    failed: integer("failed").notNull(),
    /** the smallest sample bucket of its failed rows (domain/sampling.ts): the chunk holds a sampled error when it is below the threshold */
    sampleMin: integer("sample_min"),
    /** the delivery whose outcome this is: it names the chunk's R2 objects */
    delivery: text("delivery").notNull(),
    results: blob("results", { mode: "buffer" }),
    errors: blob("errors", { mode: "buffer" }),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.lastRow] }),
    index("chunk_results_failed").on(t.batchId, t.lastRow, t.sampleMin).where(sql`failed > 0`),
  ],
);

/**
 * The first layout: one row per processed source row. Nothing writes it any
 * more; batches stored this way are read until the purge job removes them
 * (RESULT_RETENTION_DAYS after migration 0006 it is empty and can go).
 */
export const rowResults = sqliteTable(
  "row_results",
  {
    batchId: text("batch_id").notNull(),
    rowNumber: integer("row_number").notNull(),
    sourceIdentifier: text("source_identifier"),
    status: text("status", { enum: ["succeeded", "failed"] }).notNull(),
    /** JSON: the result object, or the array of row errors */
    body: text("body").notNull(),
    /** see domain/sampling.ts */
    sampleBucket: integer("sample_bucket").notNull(),
    /** in a replay, the row's number in the first batch of the chain */
    originalRowNumber: integer("original_row_number"),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.rowNumber] }), index("row_results_status").on(t.batchId, t.status, t.rowNumber)],
);

