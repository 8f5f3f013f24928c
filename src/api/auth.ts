import { createMiddleware } from "hono/factory";
import { openDb } from "../db/client";
import { findActiveKeyByHash } from "../db/tenants";
import { sha256Hex } from "../domain/hashing";
import type { AppEnv } from "../env";
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

/** Compares digests, so neither length nor content leaks through timing. */
async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x.charCodeAt(i) ^ y.charCodeAt(i);
  return diff === 0;
}
