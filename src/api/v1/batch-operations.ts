import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { findBatchOperation, listBatchOperations } from "../../db/bulk-triggers";
import { openDb } from "../../db/client";
import type { AppEnv } from "../../env";
import { notFound, onValidationFailure } from "../http/errors";
import { decodeCreatedCursor, pageOf } from "../http/paging";
import { bearerSecurity, json, pick } from "../http/responses";
import { PageQuery } from "../batches/schemas";
import { renderBatchOperation } from "./render";
import { BatchOperation, ProjectQuery } from "./schemas";

export const batchOperationRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

/** The seed's routes name the project in the query; any project but the caller's is one it cannot see. */
function callerProject(c: Context<AppEnv>, projectId: string): string {
  if (projectId !== c.get("caller").projectId) throw notFound("Project");
  return projectId;
}

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List a project's batch operations, newest first",
  security: bearerSecurity,
  request: { query: PageQuery.extend(ProjectQuery.shape) },
  responses: {
    200: json(z.object({ data: z.array(BatchOperation), next_cursor: z.string().nullable() }).openapi("BatchOperationList"), "A page of batch operations"),
    ...pick(401, 404, 422),
  },
});

batchOperationRoutes.openapi(list, async (c) => {
  const { project_id, cursor, limit } = c.req.valid("query");
  const rows = await listBatchOperations(openDb(c.env.DB), { projectId: callerProject(c, project_id), cursor: decodeCreatedCursor(cursor), limit: limit + 1 });
  const { page, next_cursor } = pageOf(rows, limit);
  return c.json({ data: page.map(renderBatchOperation), next_cursor }, 200);
});

const get = createRoute({
  method: "get",
  path: "/{batchID}",
  summary: "Get a batch operation",
  security: bearerSecurity,
  request: { params: z.object({ batchID: z.string().openapi({ param: { name: "batchID", in: "path" } }) }), query: ProjectQuery },
  responses: { 200: json(BatchOperation, "The batch operation"), ...pick(401, 404, 422) },
});

batchOperationRoutes.openapi(get, async (c) => {
  const projectId = callerProject(c, c.req.valid("query").project_id);
  const found = await findBatchOperation(openDb(c.env.DB), projectId, c.req.valid("param").batchID);
  if (!found) throw notFound("Batch operation");
  return c.json(renderBatchOperation(found), 200);
});
