import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { openDb } from "../../db/client";
import { listBatches } from "../../db/batches";
import type { NewBatch } from "../../durable/batch-client";
import { BatchRecord } from "../../durable/batch-record";
import type { AppEnv } from "../../env";
import { createSourcedBatch, sourceRefsOf } from "./create-sourced-batch";
import { auditDestructive, OverrideHeader, overrideMissing, requireOverride } from "../http/destructive";
import { ApiError, onValidationFailure } from "../http/errors";
import { loadCallerBatch } from "./load-batch";
import { decodeCreatedCursor, pageOf } from "../http/paging";
import { renderBatch, renderCreated } from "./render-batch";
import { resolveSource } from "./resolve-source";
import { bearerSecurity, json, pick } from "../http/responses";
import { Batch, BatchIdParam, BatchList, BatchStatus, CreateBatchBody, PageQuery } from "./schemas";

export const batchRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a batch",
  description:
    "Starts a batch. The same Idempotency-Key with the same operation, source and params returns the existing batch (200); with different ones, 409.",
  security: bearerSecurity,
  request: {
    headers: z.object({ "idempotency-key": z.string().min(1).max(255).openapi({ description: "Required; scopes the batch", example: "9a4f0c2e-..." }) }),
    body: { required: true, content: { "application/json": { schema: CreateBatchBody } } },
  },
  responses: {
    201: json(Batch, "Created (status accepted)"),
    200: json(Batch, "The batch this Idempotency-Key already created"),
    ...pick(400, 401, 409, 413, 422),
  },
});

batchRoutes.openapi(create, async (c) => {
  const caller = c.get("caller");
  const { operation, source, params, dry_run, failure_threshold, mapping, max_rows_per_second } = c.req.valid("json");
  const resolved = await resolveSource(c, source);
  // Kept (and hashed for the Idempotency-Key) only when given, so requests from before an option existed still match their batch.
  const run =
    dry_run || failure_threshold || mapping || max_rows_per_second
      ? { dry_run: dry_run ?? false, failure_threshold: failure_threshold ?? null, mapping: mapping ?? null, ...(max_rows_per_second ? { max_rows_per_second } : {}) }
      : undefined;
  const batch: NewBatch = {
    idempotencyKey: c.req.valid("header")["idempotency-key"],
    operation,
    params,
    ...(run ? { run } : {}),
    ...resolved,
    hashedSource: source,
    parent_batch_id: null,
    now: new Date().toISOString(),
  };
  const result = await createSourcedBatch(c.env, caller, batch, sourceRefsOf(resolved.input));
  return renderCreated(c, result, "This Idempotency-Key was already used with a different operation, source or params");
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "Get a batch with live progress",
  security: bearerSecurity,
  request: { params: BatchIdParam },
  responses: { 200: json(Batch, "The batch"), ...pick(401, 404) },
});

batchRoutes.openapi(get, async (c) => {
  const { record } = await loadCallerBatch(c, c.req.valid("param").id);
  return c.json(renderBatch(record, new URL(c.req.url).origin), 200);
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List the project's batches, newest first",
  description: "Lists batches created through the caller key's surface. Progress here may lag the batch by about a second.",
  security: bearerSecurity,
  request: { query: PageQuery.extend({ status: BatchStatus.optional() }) },
  responses: { 200: json(BatchList, "A page of batches"), ...pick(401, 422) },
});

batchRoutes.openapi(list, async (c) => {
  const { status, cursor, limit } = c.req.valid("query");
  const caller = c.get("caller");
  const rows = await listBatches(openDb(c.env.DB), {
    projectId: caller.projectId,
    surface: caller.surface,
    status,
    cursor: decodeCreatedCursor(cursor),
    limit: limit + 1,
  });
  const { page, next_cursor } = pageOf(rows, limit);
  const origin = new URL(c.req.url).origin;
  return c.json({ data: page.map((r) => renderBatch(BatchRecord.parse(JSON.parse(r.doc)), origin)), next_cursor }, 200);
});

const cancel = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Cancel a batch (destructive)",
  description:
    "Needs `X-Operator-Override: destructive`. No row that has not started runs afterwards; rows already running finish and are counted. Written to the audit log with the actor.",
  security: bearerSecurity,
  request: { params: BatchIdParam, headers: OverrideHeader },
  responses: {
    204: { description: "Cancelled" },
    ...overrideMissing,
    ...pick(401, 404, 409),
  },
});

batchRoutes.openapi(cancel, async (c) => {
  const { id } = c.req.valid("param");
  const { stub } = await loadCallerBatch(c, id);
  requireOverride(c, c.req.valid("header")["x-operator-override"], "Cancelling");
  const at = new Date().toISOString();
  const result = await stub.cancel(at);
  if (!result.ok) throw new ApiError(409, "batch_terminal", "The batch has already finished");
  await auditDestructive(c, { action: "batch.cancel", targetId: id, batchId: id, at });
  return c.body(null, 204);
});

/** POST …/pause and …/resume: no override needed; a finished batch answers 409. */
function controlRoute(action: "pause" | "resume") {
  return createRoute({
    method: "post",
    path: `/{id}/${action}`,
    summary: action === "pause" ? "Pause a running batch" : "Resume a paused batch",
    description:
      action === "pause"
        ? "No new rows start; rows already running finish and are counted. A paused batch can be resumed or cancelled. Pausing a paused batch answers it as it is."
        : "Rows that had not started run again. Resuming a running batch answers it as it is.",
    security: bearerSecurity,
    request: { params: BatchIdParam },
    responses: { 200: json(Batch, action === "pause" ? "The batch, paused" : "The batch, running"), ...pick(401, 404, 409) },
  });
}

for (const action of ["pause", "resume"] as const) {
  batchRoutes.openapi(controlRoute(action), async (c) => {
    const { id } = c.req.valid("param");
    const { stub } = await loadCallerBatch(c, id);
    const outcome = action === "pause" ? await stub.pause(new Date().toISOString()) : await stub.resume(new Date().toISOString());
    if (!outcome.ok) {
      throw outcome.code === "batch_terminal" ? new ApiError(409, "batch_terminal", "The batch has already finished") : new ApiError(409, "batch_not_running", "Only a running batch can be paused");
    }
    return c.json(renderBatch(outcome.batch, new URL(c.req.url).origin), 200);
  });
}
