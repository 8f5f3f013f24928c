/** The batch exists in its Durable Object: its D1 rows need no more checking. */
export async function confirmBatch(d1: D1Database, batchId: string): Promise<void> {
  await d1.prepare("DELETE FROM pending_batches WHERE batch_id = ?1").bind(batchId).run();
}

// The rows a bulk trigger writes before its batch exists, pending mark last.
const FORGET_TRIGGER = [
  "DELETE FROM runs WHERE batch_id = ?1",
  "DELETE FROM job_triggers WHERE batch_id = ?1",
  "DELETE FROM batch_operations WHERE id = ?1",
  "DELETE FROM pending_batches WHERE batch_id = ?1",
];

/**
 * Removes, in one transaction, what a bulk trigger recorded for a batch that
 * was not created: its runs, its dedup claims (the payloads may be triggered
 * again at once), its BatchOperation and its pending mark. Call it only once
 * the batch object has said it holds no batch for this trigger.
 */
export async function releaseTrigger(d1: D1Database, batchId: string): Promise<void> {
  await d1.batch(FORGET_TRIGGER.map((sql) => d1.prepare(sql).bind(batchId)));
}
