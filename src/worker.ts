import { app } from "./api/app";
import type { Bindings } from "./env";
import { consumeChunks } from "./queues/consumer";
import { runRetention } from "./reports/retention";

export { BatchDurableObject } from "./durable/batch-object";
// Bound only in [env.production] (wrangler.toml); unused by local dev and tests.
export { SftpSidecarContainer } from "./sidecar-container";

export default {
  fetch: app.fetch,
  queue: consumeChunks,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runRetention(env, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Bindings>;
