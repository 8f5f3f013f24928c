import { and, asc, desc, eq, getTableColumns, gt } from "drizzle-orm";
import type { Db } from "./client";
import { olderThan } from "./keyset";
import { batchOperations, batches, runs } from "./schema";

export type BatchOperationRow = typeof batchOperations.$inferSelect;
export type RunRow = typeof runs.$inferSelect;

// Reads join the batches mirror, which the batch object writes when it
// creates the batch: the rows of a trigger whose batch was never created
// (step 2 failed and could not be undone) stay invisible until the retention
// job removes them.
const operationColumns = { ...getTableColumns(batchOperations), finishedAt: batches.completedAt };

/** The project's batch operation with its batch's completion time, or undefined (also while its batch does not exist). */
export async function findBatchOperation(db: Db, projectId: string, id: string) {
  return db
    .select(operationColumns)
    .from(batchOperations)
    .innerJoin(batches, eq(batches.id, batchOperations.id))
    .where(and(eq(batchOperations.id, id), eq(batchOperations.projectId, projectId)))
    .get();
}

/** Newest first; `cursor` is the last item of the previous page. */
export async function listBatchOperations(db: Db, q: { projectId: string; cursor?: { createdAt: string; id: string }; limit: number }) {
  const conditions = [eq(batchOperations.projectId, q.projectId)];
  if (q.cursor) conditions.push(olderThan(batchOperations.createdAt, batchOperations.id, q.cursor));
  return db
    .select(operationColumns)
    .from(batchOperations)
    .innerJoin(batches, eq(batches.id, batchOperations.id))
    .where(and(...conditions))
    .orderBy(desc(batchOperations.createdAt), desc(batchOperations.id))
    .limit(q.limit)
    .all();
}

const runColumns = {
  ...getTableColumns(runs),
  batchStatus: batches.status,
  batchCompletedAt: batches.completedAt,
};

const runsWithBatch = (db: Db) => db.select(runColumns).from(runs).innerJoin(batches, eq(batches.id, runs.batchId));

/** A batch's runs in row order, with their batch's status (their rows' outcomes are in results/read-rows.ts). */
export async function listRuns(db: Db, q: { projectId: string; batchId: string; afterRow: number; limit: number }) {
  return runsWithBatch(db)
    .where(and(eq(runs.projectId, q.projectId), eq(runs.batchId, q.batchId), gt(runs.rowNumber, q.afterRow)))
    .orderBy(asc(runs.rowNumber))
    .limit(q.limit)
    .all();
}

export async function findRun(db: Db, projectId: string, id: string) {
  return runsWithBatch(db)
    .where(and(eq(runs.id, id), eq(runs.projectId, projectId)))
    .get();
}

export type RunWithBatch = NonNullable<Awaited<ReturnType<typeof findRun>>>;

/** A run as stored, with its batch's status when known. */
export type RunView = Omit<RunWithBatch, "batchStatus" | "batchCompletedAt" | "itemIndex"> & Partial<RunWithBatch>;
