import type { JobRow } from "../db/jobs";
import type { TriggerCandidate, TriggerToRecord } from "../db/record-trigger";
import { firstOccurrences } from "../domain/dedup";
import { canonicalJson, sha256Hex } from "../domain/hashing";
import { batchIdFor } from "../durable/batch-client";
import type { Bindings, Caller } from "../env";
import { newId } from "../lib/ids";

export type TriggerItem = { payload: Record<string, unknown> };

export type TriggerPlan = {
  /** the batch's idempotency key: the client's, or a fresh one */
  key: string;
  requestHash: string;
  payloads: TriggerItem["payload"][];
  /** step 1's input */
  record: TriggerToRecord;
};

/**
 * Everything step 1 writes, worked out from the request: the batch id (from
 * the project and the idempotency key), the request's hash, and the items
 * that may become runs (each payload's first occurrence when the job
 * deduplicates, every item when it does not).
 */
export async function planTrigger(env: Pick<Bindings, "BATCH">, caller: Caller, job: JobRow, items: TriggerItem[], now: Date, idempotencyKey?: string): Promise<TriggerPlan> {
  const key = `v1-trigger:${idempotencyKey ?? newId("trg")}`;
  const payloads = items.map((item) => item.payload);
  const requestHash = await sha256Hex(canonicalJson({ job_id: job.id, items: payloads }));
  const dedup = job.dedupWindowSecs > 0;
  const hashes = dedup ? await Promise.all(payloads.map((p) => sha256Hex(canonicalJson(p)))) : null;
  const candidates: TriggerCandidate[] = (hashes ? firstOccurrences(hashes) : payloads.map((_, i) => i)).map((i) => ({
    index: i,
    runId: newId("run"),
    payload: JSON.stringify(payloads[i]),
    hash: hashes?.[i] ?? null,
  }));
  return {
    key,
    requestHash,
    payloads,
    record: {
      batchId: batchIdFor(env, caller.projectId, key),
      projectId: caller.projectId,
      jobId: job.id,
      createdBy: caller.actor,
      now: now.toISOString(),
      dedupExpiresAt: dedup ? new Date(now.getTime() + job.dedupWindowSecs * 1000).toISOString() : null,
      itemCount: items.length,
      requestHash,
      candidates,
    },
  };
}
