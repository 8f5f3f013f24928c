/** The batch exists in its Durable Object: its D1 rows need no more checking. */
export async function confirmBatch(d1: D1Database, batchId: string): Promise<void> {
  await d1.prepare("DELETE FROM pending_batches WHERE batch_id = ?1").bind(batchId).run();
}

// The rows written for a batch before it exists: a bulk trigger's, then its
// source references (only ever dropped once the object holds no batch under
// this id: the references of a batch that does exist are its own).
const TRIGGER_ROWS = ["DELETE FROM runs WHERE batch_id = ?1", "DELETE FROM job_triggers WHERE batch_id = ?1", "DELETE FROM batch_operations WHERE id = ?1"];
const SOURCE_REFS = "DELETE FROM source_refs WHERE batch_id = ?1";
const PENDING_MARK = "DELETE FROM pending_batches WHERE batch_id = ?1";

/**
 * Removes, in one transaction, what a bulk trigger recorded for a batch that
 * was not created: its runs, its dedup claims (the payloads may be triggered
 * again at once), its BatchOperation and its pending mark. Call it only once
 * the batch object has said it holds no batch for this trigger.
 */
export async function releaseTrigger(d1: D1Database, batchId: string): Promise<void> {
  await d1.batch([...TRIGGER_ROWS, PENDING_MARK].map((sql) => d1.prepare(sql).bind(batchId)));
}

/**
 * Removes everything recorded for a batch its Durable Object does not hold:
 * a bulk trigger's rows and claims, source references, the pending mark.
 * Only while the mark is still there, so a batch confirmed in the meantime
 * keeps its rows.
 */
export async function forgetUncreatedBatch(d1: D1Database, batchId: string): Promise<void> {
  const guard = " AND EXISTS (SELECT 1 FROM pending_batches WHERE batch_id = ?1)";
  await d1.batch([...TRIGGER_ROWS, SOURCE_REFS, PENDING_MARK].map((sql) => d1.prepare(sql + guard).bind(batchId)));
}

export type PendingBatch = { batchId: string; createdAt: string };

/** Batches pending since before `createdBefore`, oldest first after `after`. */
export async function findPendingBatches(d1: D1Database, q: { createdBefore: string; after?: PendingBatch; limit: number }): Promise<PendingBatch[]> {
  const { results } = await d1
    .prepare(
      `SELECT batch_id, created_at FROM pending_batches
       WHERE created_at < ?1 AND (created_at > ?2 OR (created_at = ?2 AND batch_id > ?3))
       ORDER BY created_at, batch_id LIMIT ?4`,
    )
    .bind(q.createdBefore, q.after?.createdAt ?? "", q.after?.batchId ?? "", q.limit)
    .all<{ batch_id: string; created_at: string }>();
  return results.map((r) => ({ batchId: r.batch_id, createdAt: r.created_at }));
}
