import { and, asc, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { BatchRecord } from "../domain/batch-record";
import type { Db } from "./client";
import { olderThan } from "./keyset";
import { batches } from "./schema";

export type BatchMirror = {
  id: string;
  projectId: string;
  surface: string;
  status: string;
  createdAt: string;
  completedAt: string | null;
  version: number;
  doc: string;
  parentBatchId: string | null;
};

/** The mirror row of a batch object's record. */
export function mirrorRowOf(record: BatchRecord): BatchMirror {
  return {
    id: record.id,
    projectId: record.project_id,
    surface: record.surface,
    status: record.status,
    createdAt: record.created_at,
    completedAt: record.completed_at,
    version: record.version,
    doc: JSON.stringify(record),
    parentBatchId: record.parent_batch_id,
  };
}

/** Writes the Durable Object's record; an older version never overwrites a newer one. */
export async function mirrorBatch(db: Db, row: BatchMirror) {
  await db
    .insert(batches)
    .values(row)
    .onConflictDoUpdate({
      target: batches.id,
      set: { status: row.status, completedAt: row.completedAt, version: row.version, doc: row.doc },
      setWhere: sql`excluded.version > ${batches.version}`,
    });
}

export type ListCursor = { createdAt: string; id: string };

/** Newest first; `cursor` is the last item of the previous page. */
export async function listBatches(
  db: Db,
  q: { projectId: string; surface: string; status?: string; cursor?: ListCursor; limit: number },
) {
  const conditions = [eq(batches.projectId, q.projectId), eq(batches.surface, q.surface)];
  if (q.status) conditions.push(eq(batches.status, q.status));
  if (q.cursor) conditions.push(olderThan(batches.createdAt, batches.id, q.cursor));
  return db
    .select({ id: batches.id, createdAt: batches.createdAt, doc: batches.doc })
    .from(batches)
    .where(and(...conditions))
    .orderBy(desc(batches.createdAt), desc(batches.id))
    .limit(q.limit)
    .all();
}

export type PurgeCursor = { completedAt: string; id: string };

/** Finished batches completed before `completedBefore` and not yet purged, oldest first, after `after`. */
export async function findBatchesToPurge(db: Db, q: { completedBefore: string; after?: PurgeCursor; limit: number }) {
  const conditions = [isNull(batches.purgedAt), lt(batches.completedAt, q.completedBefore)];
  if (q.after) conditions.push(or(gt(batches.completedAt, q.after.completedAt), and(eq(batches.completedAt, q.after.completedAt), gt(batches.id, q.after.id)))!);
  return db
    .select({ id: batches.id, completedAt: batches.completedAt })
    .from(batches)
    .where(and(...conditions))
    .orderBy(asc(batches.completedAt), asc(batches.id))
    .limit(q.limit)
    .all() as Promise<{ id: string; completedAt: string }[]>;
}

/**
 * Marks the batch purged and drops its source references in one
 * transaction: from now on no replay can read its source again.
 */
export async function markBatchPurged(d1: D1Database, id: string, at: string) {
  await d1.batch([
    d1.prepare("UPDATE batches SET purged_at = ?2 WHERE id = ?1").bind(id, at),
    d1.prepare("DELETE FROM source_refs WHERE batch_id = ?1").bind(id),
  ]);
}
