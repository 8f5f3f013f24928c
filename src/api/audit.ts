import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { listAudit } from "../db/audit-log";
import { openDb } from "../db/client";
import type { AppEnv } from "../env";
import { decodeCursor, encodeCursor } from "./cursor";
import { onValidationFailure } from "./errors";
import { bearerSecurity, json, pick } from "./responses";
import { PageQuery } from "./schemas";

export const auditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const AuditEntry = z
  .object({ id: z.string(), actor: z.string(), action: z.string(), batch_id: z.string().nullable(), request_id: z.string(), created_at: z.string() })
  .openapi("AuditEntry");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "The project's audit log of destructive actions, newest first",
  security: bearerSecurity,
  request: { query: PageQuery },
  responses: { 200: json(z.object({ data: z.array(AuditEntry), next_cursor: z.string().nullable() }), "A page of entries"), ...pick(401, 422) },
});

const Cursor = z.object({ created_at: z.string(), id: z.string() });

auditRoutes.openapi(list, async (c) => {
  const { cursor, limit } = c.req.valid("query");
  const after = decodeCursor(Cursor, cursor);
  const rows = await listAudit(openDb(c.env.DB), {
    projectId: c.get("caller").projectId,
    cursor: after && { createdAt: after.created_at, id: after.id },
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return c.json(
    {
      data: page.map((r) => ({ id: r.id, actor: r.actor, action: r.action, batch_id: r.batchId, request_id: r.requestId, created_at: r.createdAt })),
      next_cursor: rows.length > limit && last ? encodeCursor({ created_at: last.createdAt, id: last.id }) : null,
    },
    200,
  );
});
