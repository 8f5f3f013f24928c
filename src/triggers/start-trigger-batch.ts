import { releaseTrigger } from "../db/pending-batches";
import { hashBatchRequest } from "../domain/hashing";
import { err, ok, type Result } from "../domain/result";
import { batchStub, createBatch, type NewBatch } from "../durable/batch-client";
import type { CreateOutcome } from "../durable/batch-record";
import type { Bindings, Caller } from "../env";
import { errorSummary, logEvent } from "../lib/log";
import type { TriggerRefusal } from "./refusal";

/**
 * Step 2 of a bulk trigger: creates the batch in its Durable Object (by
 * idempotency key, so a retry finds the one already there). When the create
 * fails, the object itself says what happened: if it holds this batch, only
 * the answer was lost and the trigger stands; if it holds none (or another
 * request's), step 1 is undone and the caller gets the error, so nothing is
 * left behind. If even the object cannot be asked, the D1 rows stay invisible
 * (v1 reads need the batch's mirror) until the retention job settles them.
 */
export async function startTriggerBatch(env: Bindings, caller: Caller, batchId: string, batch: NewBatch): Promise<Result<CreateOutcome, TriggerRefusal>> {
  let outcome: Result<CreateOutcome, TriggerRefusal>;
  try {
    outcome = ok(await createBatch(env, caller, batch));
  } catch (error) {
    outcome = await settleFailedCreate(env, batchId, batch, error);
  }
  if (outcome.ok && outcome.value.outcome === "conflict") await releaseTrigger(env.DB, batchId);
  return outcome;
}

async function settleFailedCreate(env: Bindings, batchId: string, batch: NewBatch, error: unknown): Promise<Result<CreateOutcome, TriggerRefusal>> {
  logEvent("v1.trigger_create_failed", { batch_id: batchId, error: errorSummary(error) });
  let existing;
  try {
    existing = await batchStub(env, batchId)!.get();
  } catch {
    return err({ code: "trigger_unsettled", message: "The batch could not be confirmed; send the request again with the same Idempotency-Key" });
  }
  const sourceHash = await hashBatchRequest({ operation: batch.operation, source: batch.hashedSource, params: batch.params });
  if (existing?.source_hash === sourceHash) return ok({ outcome: "created", batch: existing });
  if (existing) return ok({ outcome: "conflict" });
  await releaseTrigger(env.DB, batchId);
  return err({ code: "batch_not_started", message: "The batch could not be started and nothing was recorded; send the request again" });
}
