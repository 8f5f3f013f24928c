import { findBatchesToPurge, markBatchPurged, type PurgeCursor } from "../db/batches";
import { openDb } from "../db/client";
import { deleteChunkResults } from "../db/chunk-results";
import { deleteLegacyRowResults } from "../db/legacy-row-results";
import type { Budget } from "../domain/budget";
import { batchStub } from "../durable/batch-client";
import type { Bindings } from "../env";
import { logEvent } from "../lib/log";
import { deleteR2Prefix } from "./delete-prefix";
import { batchPrefix } from "./keys";
import { pagedPhase } from "./paged-phase";
import type { Phase } from "./run-phases";

/** Rows per delete statement: large enough for few round trips, small enough not to stall D1 (a chunk row holds up to 2 KB inline). */
const CHUNK_ROWS_PER_DELETE = 1_000;
const LEGACY_ROWS_PER_DELETE = 5_000;

/**
 * Purges batches completed before `completedBefore`: their chunk results, their
 * R2 files (chunks, range copies, error reports), the rows their object kept
 * for replays, and their source references; then marks them purged. Each
 * part is safe to redo, so a batch the budget cuts short is finished later.
 */
export function purgeBatchesPhase(env: Bindings, q: { completedBefore: string; now: string }, purged: (batchId: string) => void): Phase {
  const db = openDb(env.DB);
  return pagedPhase<PurgeCursor, PurgeCursor>({
    name: "batches",
    pageSize: 50,
    fetchPage: (after, limit) => findBatchesToPurge(db, { completedBefore: q.completedBefore, after, limit }),
    cursorOf: (batch) => batch,
    describe: (batch) => ({ batch_id: batch.id }),
    async handle({ id }, budget) {
      if (!(await deleteAll(() => deleteChunkResults(env.DB, id, CHUNK_ROWS_PER_DELETE), CHUNK_ROWS_PER_DELETE, budget))) return false;
      if (!(await deleteAll(() => deleteLegacyRowResults(env.DB, id, LEGACY_ROWS_PER_DELETE), LEGACY_ROWS_PER_DELETE, budget))) return false;
      if (!(await deleteR2Prefix(env.BUCKET, batchPrefix(id), budget))) return false;
      const stub = batchStub(env, id);
      if (!budget.take(stub ? 2 : 1)) return false;
      await stub?.purge();
      await markBatchPurged(env.DB, id, q.now);
      logEvent("batch.purged", { batch_id: id });
      purged(id);
      return true;
    },
  });
}

/** Runs `deleteSome` until it deletes fewer than `per` rows, within the budget; false when the budget ran out first. */
async function deleteAll(deleteSome: () => Promise<number>, per: number, budget: Budget): Promise<boolean> {
  while (budget.take(1)) {
    if ((await deleteSome()) < per) return true;
  }
  return false;
}
