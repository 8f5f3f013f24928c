import { findBatchesToPurge, markBatchPurged } from "../db/batches";
import { openDb } from "../db/client";
import { deleteRowResults } from "../db/row-results";
import type { Bindings } from "../env";
import { logEvent } from "../lib/log";
import { batchStub } from "../durable/batch-client";
import { batchPrefix } from "./keys";

const BATCHES_PER_RUN = 50;
const ROWS_PER_DELETE = 5_000;

/** Deletes results and reports of batches finished more than RESULT_RETENTION_DAYS before `now`. */
export async function purgeExpiredResults(env: Bindings, now: Date): Promise<number> {
  const days = Number(env.RESULT_RETENTION_DAYS) || 30;
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  const db = openDb(env.DB);
  const due = await findBatchesToPurge(db, cutoff, BATCHES_PER_RUN);
  for (const { id } of due) {
    while ((await deleteRowResults(env.DB, id, ROWS_PER_DELETE)) > 0);
    await deleteR2Prefix(env.BUCKET, batchPrefix(id));
    await batchStub(env, id)?.purge();
    await markBatchPurged(db, id, now.toISOString());
    logEvent("batch.purged", { batch_id: id });
  }
  return due.length;
}

async function deleteR2Prefix(bucket: R2Bucket, prefix: string) {
  for (let cursor: string | undefined; ; ) {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    if (page.objects.length > 0) await bucket.delete(page.objects.map((o) => o.key));
    if (!page.truncated) return;
    cursor = page.cursor;
  }
}
