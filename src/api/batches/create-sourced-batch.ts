import { confirmBatch } from "../../db/pending-batches";
import { addSourceRefs, type SourceRefsFrom } from "../../db/source-objects";
import { batchIdFor, createBatch, type NewBatch } from "../../durable/batch-client";
import type { CreateBatchInput, CreateOutcome } from "../../durable/batch-record";
import type { Bindings, Caller } from "../../env";
import { errorSummary, logEvent } from "../../lib/log";

/** The R2 source object a batch reads (an upload or an SFTP file), if any. */
export function sourceRefsOf(input: CreateBatchInput["input"]): SourceRefsFrom | null {
  return "location" in input && input.location.type === "r2" ? { keys: [input.location.key] } : null;
}

/**
 * Creates a batch after recording which source objects it reads, so the
 * retention job keeps them until the batch's results are purged. The
 * references go in first: should the create fail or the Worker die, the
 * batch stays pending and the retention job drops them once the batch object
 * confirms there is no batch.
 */
export async function createSourcedBatch(env: Bindings, caller: Caller, batch: NewBatch, refs: SourceRefsFrom | null): Promise<CreateOutcome> {
  if (!refs) return createBatch(env, caller, batch);
  const batchId = batchIdFor(env, caller.projectId, batch.idempotencyKey);
  const pending = await addSourceRefs(env.DB, batchId, refs, batch.now);
  const outcome = await createBatch(env, caller, batch);
  if (pending) await confirmBatch(env.DB, batchId).catch((e) => logEvent("batch.confirm_failed", { batch_id: batchId, error: errorSummary(e) }));
  return outcome;
}
