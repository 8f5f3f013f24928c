import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { findBatchOperation, findRun, listRuns } from "../../db/bulk-triggers";
import { openDb } from "../../db/client";
import type { AppEnv } from "../../env";
import { decodeRowCursor, rowPageOf } from "../http/paging";
import { notFound, onValidationFailure } from "../http/errors";
import { bearerSecurity, json, pick } from "../http/responses";
import { PageQuery } from "../batches/schemas";
import { outcomesOf } from "../../results/read-rows";
import { resultStoresOf } from "../../results/stores";
import { renderRun } from "./render";
import { Run } from "./schemas";

export const runRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List the runs of a batch operation, in item order",
  security: bearerSecurity,
  request: { query: PageQuery.extend({ batch_id: z.string() }) },
  responses: { 200: json(z.object({ data: z.array(Run), next_cursor: z.string().nullable() }).openapi("RunList"), "A page of runs"), ...pick(401, 404, 422) },
});

runRoutes.openapi(list, async (c) => {
  const { batch_id, cursor, limit } = c.req.valid("query");
  const db = openDb(c.env.DB);
  const projectId = c.get("caller").projectId;
  if (!(await findBatchOperation(db, projectId, batch_id))) throw notFound("Batch operation");
  const rows = await listRuns(db, { projectId, batchId: batch_id, afterRow: decodeRowCursor(cursor), limit: limit + 1 });
  const { page, next_cursor } = rowPageOf(rows, limit);
  const outcomes = await outcomesOf(resultStoresOf(c.env), batch_id, page.map((r) => r.rowNumber));
  return c.json({ data: page.map((r) => renderRun(r, outcomes.get(r.rowNumber))), next_cursor }, 200);
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "Get a run with its status and result",
  security: bearerSecurity,
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 200: json(Run, "The run"), ...pick(401, 404) },
});

runRoutes.openapi(get, async (c) => {
  const run = await findRun(openDb(c.env.DB), c.get("caller").projectId, c.req.valid("param").id);
  if (!run) throw notFound("Run");
  const outcomes = await outcomesOf(resultStoresOf(c.env), run.batchId, [run.rowNumber]);
  return c.json(renderRun(run, outcomes.get(run.rowNumber)), 200);
});
