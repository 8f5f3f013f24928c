import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { OPERATION_KINDS } from "../../domain/vocabulary";

/** v1 jobs: an operation with fixed params that partners trigger in bulk. */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    operation: text("operation", { enum: OPERATION_KINDS }).notNull(),
    /** JSON object */
    params: text("params").notNull(),
    dedupWindowSecs: integer("dedup_window_secs").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("jobs_project_list").on(t.projectId, t.createdAt, t.id)],
);

/** The dedup window: a payload hash triggered on a job, until when it counts as a duplicate. */
export const jobTriggers = sqliteTable(
  "job_triggers",
  {
    jobId: text("job_id").notNull(),
    payloadHash: text("payload_hash").notNull(),
    triggeredAt: text("triggered_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    /** the batch whose trigger holds the claim, so a trigger that is undone releases exactly its own */
    batchId: text("batch_id"),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.payloadHash] }), index("job_triggers_batch").on(t.batchId).where(sql`batch_id IS NOT NULL`)],
);

/** A v1 bulk trigger: its batch (same id) runs the created runs; finished_at is the batch's completed_at. */
export const batchOperations = sqliteTable(
  "batch_operations",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    jobId: text("job_id").notNull(),
    itemCount: integer("item_count").notNull(),
    createdCount: integer("created_count").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    /** SHA-256 of the request (job and items), to tell a retry from another use of its Idempotency-Key */
    requestHash: text("request_hash"),
  },
  (t) => [index("batch_operations_project_list").on(t.projectId, t.createdAt, t.id)],
);

/** One run per non-duplicate item of a bulk trigger: row `rowNumber` of batch `batchId`. */
export const runs = sqliteTable(
  "runs",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    jobId: text("job_id").notNull(),
    batchId: text("batch_id").notNull(),
    rowNumber: integer("row_number").notNull(),
    /** the item's 0-based position in the request's items */
    itemIndex: integer("item_index"),
    /** JSON: the item's payload */
    payload: text("payload").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("runs_batch_row").on(t.batchId, t.rowNumber)],
);
