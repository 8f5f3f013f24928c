import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../env";
import { newId } from "../../lib/ids";
import { logEvent } from "../../lib/log";

const INCOMING_ID = /^[\w.:-]{8,128}$/;

/** Gives every request an id (echoed as X-Request-Id) and logs one line when it ends. */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("X-Request-Id");
  const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : newId("req");
  c.set("requestId", requestId);
  const started = Date.now();
  await next();
  c.header("X-Request-Id", requestId);
  logEvent("request", {
    request_id: requestId,
    method: c.req.method,
    route: c.req.routePath,
    status: c.res.status,
    project_id: c.get("caller")?.projectId ?? null,
    duration_ms: Date.now() - started,
  });
});
