/** Where a new batch's source references come from: keys it reads, or every key its parent read (replays). */
export type SourceRefsFrom = { keys: string[] } | { parentBatchId: string };

/**
 * Records, before a batch is created, which R2 source objects it reads, and
 * marks it pending when it reads any: should the batch never be created, the
 * retention job finds the mark, asks the batch object, and drops the
 * references. Resolves whether the batch has any (then confirm it once it
 * exists). Idempotent: a retried create records nothing twice.
 */
export async function addSourceRefs(d1: D1Database, batchId: string, from: SourceRefsFrom, now: string): Promise<boolean> {
  const refs =
    "keys" in from
      ? d1.prepare("INSERT INTO source_refs (r2_key, batch_id) SELECT value, ?1 FROM json_each(?2) WHERE true ON CONFLICT DO NOTHING").bind(batchId, JSON.stringify(from.keys))
      : d1.prepare("INSERT INTO source_refs (r2_key, batch_id) SELECT r2_key, ?1 FROM source_refs WHERE batch_id = ?2 ON CONFLICT DO NOTHING").bind(batchId, from.parentBatchId);
  const results = await d1.batch([
    refs,
    d1
      .prepare("INSERT INTO pending_batches (batch_id, created_at) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM source_refs WHERE batch_id = ?1) ON CONFLICT DO NOTHING")
      .bind(batchId, now),
    d1.prepare("SELECT EXISTS (SELECT 1 FROM source_refs WHERE batch_id = ?1) AS referenced").bind(batchId),
  ]);
  return (results[2] as D1Result<{ referenced: number }>).results[0]!.referenced === 1;
}

export type SourceObject = { r2Key: string; retiredAt: string; uploadId: string | null };
export type SourceObjectCursor = { retiredAt: string; r2Key: string };

/**
 * Source objects due for deletion, oldest first after `after`: retired before
 * `retiredBefore` and referenced by no batch (a batch's references go when
 * its results are purged).
 */
export async function findDeletableSourceObjects(d1: D1Database, q: { retiredBefore: string; after?: SourceObjectCursor; limit: number }): Promise<SourceObject[]> {
  const { results } = await d1
    .prepare(
      `SELECT o.r2_key, o.retired_at, o.upload_id FROM source_objects o
       WHERE o.retired_at < ?1 AND (o.retired_at > ?2 OR (o.retired_at = ?2 AND o.r2_key > ?3))
         AND NOT EXISTS (SELECT 1 FROM source_refs r WHERE r.r2_key = o.r2_key)
       ORDER BY o.retired_at, o.r2_key LIMIT ?4`,
    )
    .bind(q.retiredBefore, q.after?.retiredAt ?? "", q.after?.r2Key ?? "", q.limit)
    .all<{ r2_key: string; retired_at: string; upload_id: string | null }>();
  return results.map((r) => ({ r2Key: r.r2_key, retiredAt: r.retired_at, uploadId: r.upload_id }));
}

/** Forgets a deleted source object: its catalogue row and, for an upload, the upload's row. */
export async function forgetSourceObject(d1: D1Database, object: SourceObject): Promise<void> {
  await d1.batch([
    d1.prepare("DELETE FROM source_objects WHERE r2_key = ?1").bind(object.r2Key),
    d1.prepare("DELETE FROM uploads WHERE id = ?1").bind(object.uploadId),
  ]);
}
