import { claimPayloads, recordBulkTrigger, releaseClaims, type RunRow } from "../../db/bulk-triggers";
import type { Db } from "../../db/client";
import type { JobRow } from "../../db/jobs";
import { firstOccurrences } from "../../domain/dedup";
import { canonicalJson, sha256Hex } from "../../domain/hashing";
import { createBatch } from "../../durable/batch-client";
import type { Bindings, Caller } from "../../env";
import { newId } from "../../lib/ids";

export type TriggerItem = { payload: Record<string, unknown> };

/**
 * A bulk trigger: one batch of the job's operation whose rows are the items
 * not triggered on this job within its dedup window (nor earlier in this
 * request), one run per row. `now` is the clock, injectable for tests.
 */
export async function triggerBulk(deps: { env: Bindings; db: Db; now: Date }, caller: Caller, job: JobRow, items: TriggerItem[]) {
  const { env, db, now } = deps;
  const hashes = await Promise.all(items.map((item) => sha256Hex(canonicalJson(item.payload))));
  const dedup = job.dedupWindowSecs > 0;
  const candidates = dedup ? firstOccurrences(hashes) : items.map((_, i) => i);
  const claimed = dedup ? await claimPayloads(env.DB, { jobId: job.id, hashes: candidates.map((i) => hashes[i]!), now, windowSecs: job.dedupWindowSecs }) : null;
  const kept = candidates.filter((i) => claimed === null || claimed.has(hashes[i]!));
  const rows = kept.map((i) => items[i]!.payload);
  const params = JSON.parse(job.params) as Record<string, unknown>;
  const at = now.toISOString();
  try {
    const outcome = await createBatch(env, caller, {
      idempotencyKey: `v1-trigger:${newId("trg")}`,
      operation: job.operation,
      params,
      source: { kind: "inline", row_count: rows.length },
      input: { rows },
      hashedSource: { kind: "inline", rows },
      parent_batch_id: null,
      now: at,
    });
    if (outcome.outcome === "conflict") throw new Error("a fresh idempotency key met an existing batch");
    const batchId = outcome.batch.id;
    const operation = { id: batchId, projectId: caller.projectId, jobId: job.id, itemCount: items.length, createdCount: rows.length, createdBy: caller.actor, createdAt: at };
    const created: RunRow[] = kept.map((i, n) => ({
      id: newId("run"),
      projectId: caller.projectId,
      jobId: job.id,
      batchId,
      rowNumber: n + 1,
      payload: JSON.stringify(items[i]!.payload),
      createdAt: at,
    }));
    await recordBulkTrigger(db, operation, created);
    return { operation: { ...operation, finishedAt: null as string | null }, runs: created };
  } catch (e) {
    // Nothing was triggered: the payloads may be triggered again at once.
    if (claimed) await releaseClaims(env.DB, { jobId: job.id, hashes: [...claimed], now });
    throw e;
  }
}
