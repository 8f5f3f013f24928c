import { z } from "zod";
import { BATCH_STATUSES, initialState } from "./batch-state";
import { StoredSource } from "../sources/registry";
import { NO_RUN_OPTIONS, RunOptions, type RunRequest } from "./run-control";
import { OPERATION_KINDS, SURFACES } from "./vocabulary";

// What a batch keeps of its source is each source kind's own `stored` shape (src/sources/registry.ts).
export { StoredSource };

/** The Durable Object's record of one batch; validated whenever it is read from storage. */
export const BatchRecord = z.object({
  id: z.string(),
  project_id: z.string(),
  surface: z.enum(SURFACES),
  operation: z.enum(OPERATION_KINDS),
  params: z.record(z.string(), z.unknown()),
  /** dry run and failure threshold (src/domain/run-control.ts) */
  run: RunOptions.default(NO_RUN_OPTIONS),
  source: StoredSource,
  source_hash: z.string(),
  idempotency_key: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  parent_batch_id: z.string().nullable(),
  status: z.enum(BATCH_STATUSES),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  progress: z.object({
    rows_total: z.number().int().nullable(),
    /** while the source is read and rows_total unknown: its likely total, from rows per byte so far (for the ETA; not shown) */
    rows_total_estimate: z.number().int().nullable().optional(),
    rows_processed: z.number().int(),
    rows_succeeded: z.number().int(),
    rows_failed: z.number().int(),
  }),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** when results and reports are purged; set at completion */
  results_expire_at: z.string().nullable(),
  /** grows with every change; the D1 mirror keeps the highest */
  version: z.number().int(),
});
export type BatchRecord = z.infer<typeof BatchRecord>;

/** What a create request fixes about a batch; the rest is its state. */
export type BatchFields = Pick<
  BatchRecord,
  "id" | "project_id" | "surface" | "operation" | "params" | "source" | "source_hash" | "idempotency_key" | "created_by" | "parent_batch_id"
> &
  { run?: RunRequest };

/** A new batch, `accepted`, created at `now` with `rowsTotal` rows when they are known; only the fields are taken from `request`. */
export function newBatchRecord(request: BatchFields, now: string, rowsTotal: number | null): BatchRecord {
  const { id, project_id, surface, operation, params, source, source_hash, idempotency_key, created_by, parent_batch_id } = request;
  return {
    id,
    project_id,
    surface,
    operation,
    params,
    run: RunOptions.parse(request.run ?? NO_RUN_OPTIONS),
    source,
    source_hash,
    idempotency_key,
    created_by,
    created_at: now,
    parent_batch_id,
    ...initialState(rowsTotal),
    results_expire_at: null,
    version: 1,
  };
}

/**
 * A repeated create under the same idempotency key: the same request (operation
 * and source hash) gets the existing batch, another one a conflict.
 */
export function answerRepeatedCreate(existing: Pick<BatchRecord, "operation" | "source_hash">, request: Pick<BatchRecord, "operation" | "source_hash">): "existing" | "conflict" {
  return existing.source_hash === request.source_hash && existing.operation === request.operation ? "existing" : "conflict";
}
