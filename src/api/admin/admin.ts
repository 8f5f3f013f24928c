import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { openDb } from "../../db/client";
import { findProject, insertApiKey, insertProject, revokeApiKey, type Surface as SurfaceName } from "../../db/tenants";
import { sha256Hex } from "../../domain/hashing";
import type { AppEnv } from "../../env";
import { newId, newSecret } from "../../lib/ids";
import { logEvent } from "../../lib/log";
import { notFound, onValidationFailure } from "../http/errors";
import { json, pick } from "../http/responses";
import { Project, Surface } from "../batches/schemas";

export const adminRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const adminSecurity = [{ adminToken: [] }];

/** Creates a key and returns its secret, which is stored only as a hash. */
async function issueApiKey(c: { env: AppEnv["Bindings"] }, projectId: string, surface: SurfaceName) {
  const id = newId("key");
  const secret = newSecret("sk");
  await insertApiKey(openDb(c.env.DB), { id, projectId, keyHash: await sha256Hex(secret), surface, createdAt: new Date().toISOString() });
  return { id, secret };
}

const createProject = createRoute({
  method: "post",
  path: "/projects",
  summary: "Create a project and its first API key",
  security: adminSecurity,
  request: { body: { required: true, content: { "application/json": { schema: z.object({ name: z.string().trim().min(1).max(200) }) } } } },
  responses: {
    201: json(z.object({ project: Project, api_key: z.string().openapi({ description: "Shown once" }) }), "Created"),
    ...pick(400, 401, 422),
  },
});

adminRoutes.openapi(createProject, async (c) => {
  const project = { id: newId("prj"), name: c.req.valid("json").name };
  await insertProject(openDb(c.env.DB), { ...project, createdAt: new Date().toISOString() });
  const key = await issueApiKey(c, project.id, "batch");
  logEvent("admin.project_created", { request_id: c.get("requestId"), project_id: project.id, key_id: key.id });
  return c.json({ project, api_key: key.secret }, 201);
});

const createKey = createRoute({
  method: "post",
  path: "/projects/{id}/api-keys",
  summary: "Create another API key for a project",
  security: adminSecurity,
  request: {
    params: z.object({ id: z.string() }),
    body: { content: { "application/json": { schema: z.object({ surface: Surface.default("batch") }) } } },
  },
  responses: {
    201: json(z.object({ id: z.string(), surface: Surface, api_key: z.string() }), "Created"),
    ...pick(400, 401, 404, 422),
  },
});

adminRoutes.openapi(createKey, async (c) => {
  const { id } = c.req.valid("param");
  const surface = c.req.valid("json")?.surface ?? "batch";
  if (!(await findProject(openDb(c.env.DB), id))) throw notFound("Project");
  const key = await issueApiKey(c, id, surface);
  logEvent("admin.key_created", { request_id: c.get("requestId"), project_id: id, key_id: key.id, surface });
  return c.json({ id: key.id, surface, api_key: key.secret }, 201);
});

const revokeKey = createRoute({
  method: "delete",
  path: "/api-keys/{id}",
  summary: "Revoke an API key at once",
  security: adminSecurity,
  request: { params: z.object({ id: z.string() }) },
  responses: { 204: { description: "Revoked" }, ...pick(401, 404) },
});

adminRoutes.openapi(revokeKey, async (c) => {
  const { id } = c.req.valid("param");
  if (!(await revokeApiKey(openDb(c.env.DB), id, new Date().toISOString()))) throw notFound("API key");
  logEvent("admin.key_revoked", { request_id: c.get("requestId"), key_id: id });
  return c.body(null, 204);
});
