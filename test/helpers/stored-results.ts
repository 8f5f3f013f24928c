import { env } from "cloudflare:test";

/** Rows with a stored outcome in D1, in either layout (per chunk, or the first one: per row). */
export async function storedRowCount(batchId: string): Promise<number> {
  const [chunks, legacy] = await env.DB.batch<{ n: number }>([
    env.DB.prepare("SELECT coalesce(sum(succeeded + failed), 0) AS n FROM chunk_results WHERE batch_id = ?").bind(batchId),
    env.DB.prepare("SELECT count(*) AS n FROM row_results WHERE batch_id = ?").bind(batchId),
  ]);
  return chunks!.results[0]!.n + legacy!.results[0]!.n;
}
