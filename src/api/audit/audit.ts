import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { listAudit } from "../../db/audit-log";
import { openDb } from "../../db/client";
import type { AppEnv } from "../../env";
import { decodeCreatedCursor, pageOf } from "../http/paging";
import { onValidationFailure } from "../http/errors";
import { bearerSecurity, json, pick } from "../http/responses";
import { PageQuery } from "../batches/schemas";

export const auditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const AuditEntry = z
  .object({ id: z.string(), actor: z.string(), action: z.string(), batch_id: z.string().nullable(), target_id: z.string().nullable().openapi({ description: "What the action was taken on: a batch or SFTP credentials id" }), request_id: z.string(), created_at: z.string() })
  .openapi("AuditEntry");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "The project's audit log of destructive actions, newest first",
  security: bearerSecurity,
  request: { query: PageQuery },
  responses: { 200: json(z.object({ data: z.array(AuditEntry), next_cursor: z.string().nullable() }), "A page of entries"), ...pick(401, 422) },
});

auditRoutes.openapi(list, async (c) => {
  const { cursor, limit } = c.req.valid("query");
  const rows = await listAudit(openDb(c.env.DB), { projectId: c.get("caller").projectId, cursor: decodeCreatedCursor(cursor), limit: limit + 1 });
  const { page, next_cursor } = pageOf(rows, limit);
  const data = page.map((r) => ({ id: r.id, actor: r.actor, action: r.action, batch_id: r.batchId, target_id: r.targetId ?? r.batchId, request_id: r.requestId, created_at: r.createdAt }));
  return c.json({ data, next_cursor }, 200);
});
