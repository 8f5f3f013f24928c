import { createMiddleware } from "hono/factory";
import { openDb } from "../../db/client";
import { findActiveKeyByHash } from "../../db/tenants";
import { sha256Hex } from "../../domain/hashing";
import type { AppEnv } from "../../env";
import { constantTimeEqual } from "../../domain/constant-time";
import { ApiError } from "./errors";

const bearer = (header: string | undefined) => /^Bearer (\S+)$/.exec(header ?? "")?.[1];

/** Resolves the API key to its project; keys are looked up by their SHA-256 hash. */
export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  const secret = bearer(c.req.header("Authorization"));
  if (!secret) throw new ApiError(401, "unauthorized", "Missing bearer API key");
  const key = await findActiveKeyByHash(openDb(c.env.DB), await sha256Hex(secret));
  if (!key) throw new ApiError(401, "unauthorized", "Unknown or revoked API key");
  c.set("caller", { projectId: key.projectId, keyId: key.id, surface: key.surface, actor: `apikey:${key.id}` });
  await next();
});

/** Operator routes: the ADMIN_TOKEN secret; without one configured they do not exist. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  if (!expected) throw new ApiError(404, "not_found", "Admin routes are disabled: no ADMIN_TOKEN is configured");
  const given = bearer(c.req.header("Authorization")) ?? "";
  if (!(await constantTimeEqual(given, expected))) throw new ApiError(401, "unauthorized", "Invalid admin token");
  await next();
});

/**
 * The SFTP sidecar's internal routes: the SIDECAR_TOKEN secret; without one
 * configured they answer 404, as if they did not exist.
 */
export const requireSidecar = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.SIDECAR_TOKEN;
  if (!expected) throw new ApiError(404, "not_found", `No route for ${c.req.method} ${c.req.path}`);
  const given = bearer(c.req.header("Authorization")) ?? "";
  if (!(await constantTimeEqual(given, expected))) throw new ApiError(401, "unauthorized", "Invalid sidecar token");
  await next();
});
