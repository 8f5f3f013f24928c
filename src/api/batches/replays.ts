import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { NO_RUN_OPTIONS } from "../../domain/run-control";
import { findLineage } from "../../db/lineage";
import { isTerminal } from "../../domain/batch-state";
import type { BatchApi, NewBatch } from "../../durable/batch-client";
import type { BatchRecord, CreateBatchInput } from "../../durable/batch-record";
import type { ReplayOnly } from "../../durable/batch-record";
import type { AppEnv } from "../../env";
import { createSourcedBatch } from "./create-sourced-batch";
import { ApiError, onValidationFailure } from "../http/errors";
import { loadCallerBatch, loadReportBatch } from "./load-batch";
import { renderCreated } from "./render-batch";
import { bearerSecurity, json, pick } from "../http/responses";
import { Batch, BatchIdParam, BatchLineage, ReplayBody } from "./schemas";

export const replayRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const replay = createRoute({
  method: "post",
  path: "/{id}/replay",
  summary: "Replay a finished batch's failed rows, or all of its rows",
  description:
    "Creates a new batch with the same operation and params. failed_rows carries exactly the rows that failed, read back from where this batch kept them (never re-fetched); the new batch's reports also give each row's original_row_number. all_rows runs the whole source again. The same Idempotency-Key returns the same replay.",
  security: bearerSecurity,
  request: {
    params: BatchIdParam,
    headers: z.object({ "idempotency-key": z.string().min(1).max(255) }),
    body: { required: true, content: { "application/json": { schema: ReplayBody } } },
  },
  responses: {
    201: json(Batch, "The replay batch (status accepted)"),
    200: json(Batch, "The replay this Idempotency-Key already created"),
    ...pick(400, 401, 404, 409, 410, 422),
  },
});

replayRoutes.openapi(replay, async (c) => {
  const { id } = c.req.valid("param");
  const { only } = c.req.valid("json");
  const { stub, record: parent } = await loadReportBatch(c, id);
  if (!isTerminal(parent.status)) throw new ApiError(409, "batch_not_terminal", "Only a finished batch can be replayed");
  if (only === "failed_rows" && parent.progress.rows_failed === 0) throw new ApiError(422, "nothing_to_replay", "The batch has no failed rows");
  const input = await replayInput(stub, parent, only);
  const rows = "replay" in input ? input.replay.rows : null;
  const batch: NewBatch = {
    idempotencyKey: c.req.valid("header")["idempotency-key"],
    operation: parent.operation,
    params: parent.params,
    source: parent.source.kind === "inline" ? { kind: "inline", row_count: rows ?? 0 } : parent.source,
    input,
    // A replay reads its parent's rows as they were read, so it renames them the same way.
    // A replay keeps how its parent's rows are read (mapping) and how fast they may run (throttle).
    ...(parent.run.mapping || parent.run.max_rows_per_second ? { run: { ...NO_RUN_OPTIONS, mapping: parent.run.mapping, max_rows_per_second: parent.run.max_rows_per_second } } : {}),
    hashedSource: { replay_of: id, only },
    parent_batch_id: id,
    now: new Date().toISOString(),
  };
  // A replay reads what its parent read (its ranges of an upload, or the whole object again).
  const result = await createSourcedBatch(c.env, c.get("caller"), batch, { parentBatchId: id });
  return renderCreated(c, result, "This Idempotency-Key was already used for another batch");
});

/**
 * What the replay reads: the failed rows (or, for a batch whose rows it keeps
 * itself, all rows) from the parent's stored chunks; all rows of a large
 * source from the same place the parent read them.
 */
async function replayInput(parent: BatchApi, record: BatchRecord, only: ReplayOnly): Promise<CreateBatchInput["input"]> {
  if (only === "all_rows") {
    const location = await parent.sourceLocation();
    if (location) return location;
  }
  const rows = only === "failed_rows" ? record.progress.rows_failed : record.progress.rows_total ?? 0;
  return { replay: { parent_batch_id: record.id, only, rows } };
}

const lineage = createRoute({
  method: "get",
  path: "/{id}/lineage",
  summary: "The replay chain around a batch, both ways",
  security: bearerSecurity,
  request: { params: BatchIdParam },
  responses: { 200: json(BatchLineage, "Ancestors and descendants"), ...pick(401, 404) },
});

replayRoutes.openapi(lineage, async (c) => {
  const { id } = c.req.valid("param");
  await loadCallerBatch(c, id);
  const chain = await findLineage(c.env.DB, c.get("caller").projectId, id);
  return c.json({ batch_id: id, ...chain } as z.infer<typeof BatchLineage>, 200);
});
