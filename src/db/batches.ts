import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
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

/** Finished batches whose results are past retention and not yet purged. */
export async function findBatchesToPurge(db: Db, completedBefore: string, limit: number) {
  return db
    .select({ id: batches.id })
    .from(batches)
    .where(and(isNull(batches.purgedAt), lt(batches.completedAt, completedBefore)))
    .limit(limit)
    .all();
}

export async function markBatchPurged(db: Db, id: string, at: string) {
  await db.update(batches).set({ purgedAt: at }).where(eq(batches.id, id));
}
