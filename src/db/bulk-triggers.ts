import { and, asc, desc, eq, getTableColumns, gt } from "drizzle-orm";
import type { Db } from "./client";
import { olderThan } from "./keyset";
import { batchOperations, batches, rowResults, runs } from "./schema";

// One statement for the whole request: a hash is claimed when it is new, or
// when its last trigger's window is over; RETURNING names exactly the claimed
// ones, so two concurrent requests can never both claim a payload.
const CLAIM = `
INSERT INTO job_triggers (job_id, payload_hash, triggered_at, expires_at)
SELECT ?1, j.value, ?2, ?3 FROM json_each(?4) AS j WHERE true
ON CONFLICT (job_id, payload_hash) DO UPDATE SET triggered_at = excluded.triggered_at, expires_at = excluded.expires_at
WHERE job_triggers.expires_at <= excluded.triggered_at
RETURNING payload_hash`;

/** Claims the payload hashes not triggered on the job within its window; returns those claimed. */
export async function claimPayloads(d1: D1Database, q: { jobId: string; hashes: string[]; now: Date; windowSecs: number }): Promise<Set<string>> {
  if (q.hashes.length === 0) return new Set();
  const expires = new Date(q.now.getTime() + q.windowSecs * 1000).toISOString();
  const { results } = await d1.prepare(CLAIM).bind(q.jobId, q.now.toISOString(), expires, JSON.stringify(q.hashes)).all<{ payload_hash: string }>();
  return new Set(results.map((r) => r.payload_hash));
}

/** Gives claims back when the trigger they were for could not be recorded. */
export async function releaseClaims(d1: D1Database, q: { jobId: string; hashes: string[]; now: Date }) {
  await d1
    .prepare("DELETE FROM job_triggers WHERE job_id = ?1 AND triggered_at = ?2 AND payload_hash IN (SELECT value FROM json_each(?3))")
    .bind(q.jobId, q.now.toISOString(), JSON.stringify(q.hashes))
    .run();
}

export type BatchOperationRow = typeof batchOperations.$inferSelect;
export type RunRow = typeof runs.$inferSelect;

/** The bulk trigger and its runs, in one transaction. */
export async function recordBulkTrigger(db: Db, operation: BatchOperationRow, created: RunRow[]) {
  await db.batch([db.insert(batchOperations).values(operation), ...(created.length > 0 ? [db.insert(runs).values(created)] : [])]);
}

const operationColumns = { ...getTableColumns(batchOperations), finishedAt: batches.completedAt };

/** The project's batch operation with its batch's completion time, or undefined. */
export async function findBatchOperation(db: Db, projectId: string, id: string) {
  return db
    .select(operationColumns)
    .from(batchOperations)
    .leftJoin(batches, eq(batches.id, batchOperations.id))
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
    .leftJoin(batches, eq(batches.id, batchOperations.id))
    .where(and(...conditions))
    .orderBy(desc(batchOperations.createdAt), desc(batchOperations.id))
    .limit(q.limit)
    .all();
}

const runColumns = {
  ...getTableColumns(runs),
  rowStatus: rowResults.status,
  rowBody: rowResults.body,
  batchStatus: batches.status,
  batchCompletedAt: batches.completedAt,
};

const runsWithOutcome = (db: Db) =>
  db
    .select(runColumns)
    .from(runs)
    .leftJoin(rowResults, and(eq(rowResults.batchId, runs.batchId), eq(rowResults.rowNumber, runs.rowNumber)))
    .leftJoin(batches, eq(batches.id, runs.batchId));

/** A batch's runs in row order, each with its row's outcome so far. */
export async function listRuns(db: Db, q: { projectId: string; batchId: string; afterRow: number; limit: number }) {
  return runsWithOutcome(db)
    .where(and(eq(runs.projectId, q.projectId), eq(runs.batchId, q.batchId), gt(runs.rowNumber, q.afterRow)))
    .orderBy(asc(runs.rowNumber))
    .limit(q.limit)
    .all();
}

export async function findRun(db: Db, projectId: string, id: string) {
  return runsWithOutcome(db)
    .where(and(eq(runs.id, id), eq(runs.projectId, projectId)))
    .get();
}

export type RunWithOutcome = NonNullable<Awaited<ReturnType<typeof findRun>>>;
