import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
