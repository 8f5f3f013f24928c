import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { openDb } from "../../db/client";
import { findJob, insertJob, listJobs } from "../../db/jobs";
import type { AppEnv } from "../../env";
import { newId } from "../../lib/ids";
import { ApiError, notFound, onValidationFailure } from "../http/errors";
import { decodeCreatedCursor, pageOf } from "../http/paging";
import { bearerSecurity, json, pick } from "../http/responses";
import { PageQuery } from "../batches/schemas";
import { outcomesOf, type Outcome } from "../../results/read-rows";
import { resultStoresOf } from "../../results/stores";
import { renderBatchOperation, renderJob, renderRun } from "./render";
import { CreateJobBody, Job, TriggerBulkBody, TriggerBulkHeaders, TriggerBulkResponse } from "./schemas";
import { triggerBulk } from "../../triggers/trigger-bulk";

export const jobRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const JobIdParam = z.object({ jobID: z.string().openapi({ param: { name: "jobID", in: "path" } }) });

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a job: an operation with fixed params, triggered in bulk",
  security: bearerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: CreateJobBody } } } },
  responses: { 201: json(Job, "The job"), ...pick(400, 401, 422) },
});

jobRoutes.openapi(create, async (c) => {
  const body = c.req.valid("json");
  const caller = c.get("caller");
  const job = {
    id: newId("job"),
    projectId: caller.projectId,
    name: body.name,
    operation: body.operation,
    params: JSON.stringify(body.params),
    dedupWindowSecs: body.dedup_window_secs,
    createdBy: caller.actor,
    createdAt: new Date().toISOString(),
  };
  await insertJob(openDb(c.env.DB), job);
  return c.json(renderJob(job), 201);
});

const get = createRoute({
  method: "get",
  path: "/{jobID}",
  summary: "Get a job",
  security: bearerSecurity,
  request: { params: JobIdParam },
  responses: { 200: json(Job, "The job"), ...pick(401, 404) },
});

jobRoutes.openapi(get, async (c) => {
  const job = await findJob(openDb(c.env.DB), c.get("caller").projectId, c.req.valid("param").jobID);
  if (!job) throw notFound("Job");
  return c.json(renderJob(job), 200);
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List the project's jobs, newest first",
  security: bearerSecurity,
  request: { query: PageQuery },
  responses: { 200: json(z.object({ data: z.array(Job), next_cursor: z.string().nullable() }).openapi("JobList"), "A page of jobs"), ...pick(401, 422) },
});

jobRoutes.openapi(list, async (c) => {
  const { cursor, limit } = c.req.valid("query");
  const rows = await listJobs(openDb(c.env.DB), { projectId: c.get("caller").projectId, cursor: decodeCreatedCursor(cursor), limit: limit + 1 });
  const { page, next_cursor } = pageOf(rows, limit);
  return c.json({ data: page.map(renderJob), next_cursor }, 200);
});

const trigger = createRoute({
  method: "post",
  path: "/{jobID}/trigger-bulk",
  summary: "Trigger a job for many items at once",
  description:
    "Creates a BatchOperation and one run per item, for 1 to 1000 items (JSON bodies up to 10 MB). An item whose payload equals (as canonical JSON) one triggered on this job within its dedup_window_secs, in this request or an earlier one, creates no run: created_count ≤ item_count. All or nothing: a request that fails leaves no batch, BatchOperation, run or dedup claim behind, so it can simply be sent again. With an Idempotency-Key, sending the same job and items again answers 200 with the same batch operation and runs (their current status) and creates nothing.",
  security: bearerSecurity,
  request: { params: JobIdParam, headers: TriggerBulkHeaders, body: { required: true, content: { "application/json": { schema: TriggerBulkBody } } } },
  responses: {
    201: json(TriggerBulkResponse, "The batch operation and the runs it created"),
    200: json(TriggerBulkResponse, "The batch operation and runs this Idempotency-Key already created"),
    ...pick(400, 401, 404, 409, 413, 422, 503),
  },
});

jobRoutes.openapi(trigger, async (c) => {
  const caller = c.get("caller");
  const job = await findJob(openDb(c.env.DB), caller.projectId, c.req.valid("param").jobID);
  if (!job) throw notFound("Job");
  const triggered = await triggerBulk({ env: c.env, now: new Date() }, caller, job, c.req.valid("json").items, c.req.valid("header")["idempotency-key"]);
  if (!triggered.ok) throw new ApiError(triggered.error.code === "idempotency_conflict" ? 409 : 503, triggered.error.code, triggered.error.message);
  const { created, operation, runs } = triggered.value;
  // A repeated request answers with the runs as they are now; a new batch has no outcomes yet.
  const outcomes = created ? new Map<number, Outcome>() : await outcomesOf(resultStoresOf(c.env), operation.id, runs.map((r) => r.rowNumber));
  return c.json({ batch_operation: renderBatchOperation(operation), runs: runs.map((r) => renderRun(r, outcomes.get(r.rowNumber))) }, created ? 201 : 200);
});
