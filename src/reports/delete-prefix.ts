import type { Budget } from "../domain/budget";

/**
 * Deletes every R2 object under `prefix`, a listing page (up to 1000 keys)
 * at a time; resolves false when the budget ran out first (the rest is
 * deleted by the next call).
 */
export async function deleteR2Prefix(bucket: R2Bucket, prefix: string, budget: Budget): Promise<boolean> {
  for (let cursor: string | undefined; ; ) {
    if (!budget.take(1)) return false;
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    if (page.objects.length > 0) {
      if (!budget.take(1)) return false;
      await bucket.delete(page.objects.map((o) => o.key));
    }
    if (!page.truncated) return true;
    cursor = page.cursor;
  }
}
