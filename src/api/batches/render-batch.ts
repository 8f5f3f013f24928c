import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { BatchRecord, CreateOutcome } from "../../durable/batch-record";
import type { AppEnv } from "../../env";
import { progressRate } from "../../domain/progress-rate";
import { ApiError } from "../http/errors";
import type { Batch } from "./schemas";

const HAS_ERRORS = new Set(["partially_failed", "failed"]);
const HAS_RESULTS = new Set(["succeeded", "partially_failed"]);

/** The public Batch for a record at `nowMs`; report URLs are absolute on this API's origin. */
export function renderBatch(r: BatchRecord, origin: string, nowMs = Date.now()): z.infer<typeof Batch> {
  const base = `${origin}/v2/batch/operations/${r.id}`;
  return {
    id: r.id,
    surface: r.surface,
    operation: r.operation,
    status: r.status,
    source: r.source,
    params: r.parent_batch_id ? { ...r.params, parent_batch_id: r.parent_batch_id } : r.params,
    dry_run: r.run.dry_run,
    failure_threshold: r.run.failure_threshold,
    mapping: r.run.mapping,
    max_rows_per_second: r.run.max_rows_per_second,
    parent_batch_id: r.parent_batch_id,
    created_by: r.created_by,
    created_at: r.created_at,
    started_at: r.started_at,
    completed_at: r.completed_at,
    progress: {
      rows_total: r.progress.rows_total,
      rows_processed: r.progress.rows_processed,
      rows_succeeded: r.progress.rows_succeeded,
      rows_failed: r.progress.rows_failed,
      // While a source is still read, the ETA goes by the total its bytes so far suggest.
      ...progressRate({ startedAt: r.started_at, completedAt: r.completed_at, processed: r.progress.rows_processed, total: r.progress.rows_total ?? r.progress.rows_total_estimate ?? null, nowMs }),
    },
    failure: r.failure,
    errors_url: HAS_ERRORS.has(r.status) ? `${base}/errors.jsonl` : null,
    result_url: HAS_RESULTS.has(r.status) ? `${base}/result.jsonl` : null,
    results_expire_at: r.results_expire_at,
    idempotency_key: r.idempotency_key,
  };
}

/** The answer to a create: 201 for a new batch, 200 for the one this key already made, 409 for a key used otherwise. */
export function renderCreated(c: Context<AppEnv>, result: CreateOutcome, conflict: string) {
  if (result.outcome === "conflict") throw new ApiError(409, "idempotency_conflict", conflict);
  return c.json(renderBatch(result.batch, new URL(c.req.url).origin), result.outcome === "created" ? 201 : 200);
}
