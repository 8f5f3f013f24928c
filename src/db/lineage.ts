export type BatchLink = { id: string; parent_batch_id: string | null; status: string; created_at: string };

const ANCESTORS = `
WITH RECURSIVE up(id, parent_batch_id, depth) AS (
  SELECT id, parent_batch_id, 0 FROM batches WHERE id = ?1 AND project_id = ?2
  UNION ALL
  SELECT b.id, b.parent_batch_id, up.depth + 1 FROM batches b JOIN up ON b.id = up.parent_batch_id WHERE b.project_id = ?2
)
SELECT b.id, b.parent_batch_id, b.status, b.created_at FROM up JOIN batches b ON b.id = up.id WHERE up.depth > 0 ORDER BY up.depth`;

const DESCENDANTS = `
WITH RECURSIVE down(id) AS (
  SELECT id FROM batches WHERE parent_batch_id = ?1 AND project_id = ?2
  UNION ALL
  SELECT b.id FROM batches b JOIN down ON b.parent_batch_id = down.id WHERE b.project_id = ?2
)
SELECT b.id, b.parent_batch_id, b.status, b.created_at FROM down JOIN batches b ON b.id = down.id ORDER BY b.created_at, b.id`;

/**
 * The replay chain around a batch, from the D1 mirror, in one round trip:
 * its ancestors (parent first, up to the first batch) and every replay
 * descending from it (in creation order). Only the project's batches count.
 */
export async function findLineage(d1: D1Database, projectId: string, batchId: string): Promise<{ ancestors: BatchLink[]; descendants: BatchLink[] }> {
  const [ancestors, descendants] = await d1.batch<BatchLink>([
    d1.prepare(ANCESTORS).bind(batchId, projectId),
    d1.prepare(DESCENDANTS).bind(batchId, projectId),
  ]);
  return { ancestors: ancestors!.results, descendants: descendants!.results };
}
