import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../env";
import { ApiError } from "./errors";

/** The contract's limits on JSON request bodies (CONTRACT.md, "Limits"). */
export const JSON_BODY_MAX_BYTES = 10 * 1024 * 1024;
export const JSON_MAX_DEPTH = 64;

const limitSize = bodyLimit({
  maxSize: JSON_BODY_MAX_BYTES,
  onError: () => {
    throw new ApiError(413, "payload_too_large", `JSON bodies are limited to ${JSON_BODY_MAX_BYTES} bytes; use an upload for large sources`);
  },
});

/**
 * Every JSON request body: at most 10 MiB (413) and 64 levels of nesting
 * (422), checked before any route parses it. Other bodies (file uploads,
 * the sidecar's parts) stream through untouched.
 */
export const jsonLimits = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD" || !/^application\/json\b/i.test(c.req.header("Content-Type") ?? "")) return next();
  return limitSize(c, async () => {
    // Read once; routes that stream the raw body get it back.
    const text = await c.req.text();
    c.req.raw = new Request(c.req.raw, { body: text });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return next(); // malformed: the route's validator answers 400
    }
    if (nestingDepth(body, JSON_MAX_DEPTH + 1) > JSON_MAX_DEPTH) {
      const message = `JSON may be nested at most ${JSON_MAX_DEPTH} levels deep`;
      throw new ApiError(422, "validation_failed", message, [{ field: null, message, code: "too_deep" }]);
    }
    // The route's validator takes this parse: a 10 MiB body is not parsed twice in a 128 MB isolate.
    (c.req as { json: () => Promise<unknown> }).json = async () => body;
    await next();
  });
});

/** Levels of arrays and objects in `value` (a scalar is 0), counting no further than `stopAt`. */
export function nestingDepth(value: unknown, stopAt: number): number {
  if (value === null || typeof value !== "object") return 0;
  if (stopAt <= 1) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, nestingDepth(child, stopAt - 1));
    if (deepest >= stopAt - 1) break;
  }
  return 1 + deepest;
}
