import { confirmBatch, findPendingBatches, forgetUncreatedBatch, type PendingBatch } from "../db/pending-batches";
import { batchStub } from "../durable/batch-client";
import type { Bindings } from "../env";
import { logEvent } from "../lib/log";
import { pagedPhase } from "./paged-phase";
import type { Phase } from "./run-phases";

/**
 * Settles batches still pending since before `createdBefore` (their creating
 * request died, or failed and could not undo its D1 rows): the batch object
 * decides. If it holds the batch, the mark goes; if it holds none, the rows
 * recorded for it (a bulk trigger's BatchOperation, runs and claims, source
 * references) are removed.
 */
export function settlePendingPhase(env: Bindings, q: { createdBefore: string }, forgotten: (batchId: string) => void): Phase {
  return pagedPhase<PendingBatch, PendingBatch>({
    name: "pending_batches",
    pageSize: 50,
    fetchPage: (after, limit) => findPendingBatches(env.DB, { createdBefore: q.createdBefore, after, limit }),
    cursorOf: (pending) => pending,
    describe: (pending) => ({ batch_id: pending.batchId }),
    async handle({ batchId }, budget) {
      if (!budget.take(2)) return false;
      const stub = batchStub(env, batchId);
      if (stub && (await stub.get()) !== null) {
        await confirmBatch(env.DB, batchId);
        return true;
      }
      await forgetUncreatedBatch(env.DB, batchId);
      logEvent("batch.uncreated_forgotten", { batch_id: batchId });
      forgotten(batchId);
      return true;
    },
  });
}
