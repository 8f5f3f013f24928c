import type { JobRow } from "../db/jobs";
import type { RunView } from "../db/bulk-triggers";
import { confirmBatch } from "../db/pending-batches";
import { recordTrigger, type RecordedOperation } from "../db/record-trigger";
import { err, ok, type Result } from "../domain/result";
import type { Bindings, Caller } from "../env";
import { errorSummary, logEvent } from "../lib/log";
import { planTrigger, type TriggerItem } from "./plan-trigger";
import { idempotencyConflict, type TriggerRefusal } from "./refusal";
import { startTriggerBatch } from "./start-trigger-batch";

export type TriggerOutcome = {
  /** false when this answers a request already made with the same Idempotency-Key */
  created: boolean;
  operation: RecordedOperation;
  runs: RunView[];
};

/**
 * A bulk trigger: one batch of the job's operation whose rows are the items
 * not triggered on this job within its dedup window (nor earlier in this
 * request), one run per row. All or nothing, in two idempotent steps under a
 * batch id derived from the project and the idempotency key: (1) one D1
 * transaction records the claims, runs and BatchOperation (or reads back
 * those of an earlier attempt), (2) the batch object is created from those
 * runs; if (2) fails, (1) is undone. Without `idempotencyKey` each call is a
 * new trigger. `now` is the clock, injectable for tests.
 */
export async function triggerBulk(
  deps: { env: Bindings; now: Date },
  caller: Caller,
  job: JobRow,
  items: TriggerItem[],
  idempotencyKey?: string,
): Promise<Result<TriggerOutcome, TriggerRefusal>> {
  const { env } = deps;
  const { key, requestHash, payloads, record } = await planTrigger(env, caller, job, items, deps.now, idempotencyKey);
  const batchId = record.batchId;
  const recorded = await recordTrigger(env.DB, record);
  if (recorded.operation.requestHash !== requestHash) return err(idempotencyConflict);
  const payloadJson = new Map(record.candidates.map((c) => [c.index, c.payload]));
  let created = !recorded.existed;
  // A trigger already confirmed needs no second look at its batch object.
  if (recorded.pending) {
    const outcome = await startTriggerBatch(env, caller, batchId, {
      idempotencyKey: key,
      operation: job.operation,
      params: JSON.parse(job.params) as Record<string, unknown>,
      source: { kind: "inline", row_count: recorded.runs.length },
      input: { rows: recorded.runs.map((r) => payloads[r.itemIndex!]) },
      hashedSource: { v1_trigger: { job_id: job.id, request_hash: requestHash } },
      parent_batch_id: null,
      now: recorded.operation.createdAt,
    });
    if (!outcome.ok) return outcome;
    if (outcome.value.outcome === "conflict") return err(idempotencyConflict);
    created = outcome.value.outcome === "created";
    // Best effort: a mark left behind only costs the retention job one look at the object.
    await confirmBatch(env.DB, batchId).catch((e) => logEvent("v1.trigger_confirm_failed", { batch_id: batchId, error: errorSummary(e) }));
  }
  const op = recorded.operation;
  return ok({
    created,
    operation: op,
    runs: recorded.runs.map((r) => ({
      ...r,
      projectId: op.projectId,
      jobId: op.jobId,
      batchId: op.id,
      payload: payloadJson.get(r.itemIndex!)!,
      batchCompletedAt: op.finishedAt,
      batchStatus: r.batchStatus ?? undefined,
    })),
  });
}
