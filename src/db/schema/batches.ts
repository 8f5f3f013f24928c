import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A mirror of each batch Durable Object's record, for listing. The Durable
 * Object is the truth; `doc` is its last mirrored record as JSON.
 */
export const batches = sqliteTable(
  "batches",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    surface: text("surface").notNull(),
    status: text("status").notNull(),
    createdAt: text("created_at").notNull(),
    completedAt: text("completed_at"),
    /** set once the purge job has removed the batch's results and reports */
    purgedAt: text("purged_at"),
    version: integer("version").notNull(),
    doc: text("doc").notNull(),
    /** the batch this one replays, for lineage */
    parentBatchId: text("parent_batch_id"),
  },
  (t) => [
    index("batches_project_list").on(t.projectId, t.surface, t.createdAt, t.id),
    index("batches_purge").on(t.completedAt).where(sql`purged_at IS NULL`),
    index("batches_parent").on(t.parentBatchId).where(sql`parent_batch_id IS NOT NULL`),
  ],
);

/** One row per processed source row: its result, or its errors. */
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

/**
 * Batches whose D1 rows are written before their Durable Object is created
 * (a bulk trigger's BatchOperation, runs and claims; the source references of
 * a batch read from R2). The row goes once the
 * object confirms the batch; the retention job asks the object about rows
 * left behind, and forgets the D1 rows of a batch that was never created.
 */
export const pendingBatches = sqliteTable(
  "pending_batches",
  {
    batchId: text("batch_id").primaryKey(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("pending_batches_created").on(t.createdAt, t.batchId)],
);
