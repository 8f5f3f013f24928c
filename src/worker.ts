import { app } from "./api/app";
import type { Bindings } from "./env";
import { consumeChunks } from "./queues/consumer";
import { runRetention } from "./reports/retention";
import { consumeWebhooks, WEBHOOK_QUEUE } from "./webhooks/deliver";

export { BatchDurableObject } from "./durable/batch-object";
// Bound only in [env.production] (wrangler.toml); unused by local dev and tests.
export { SftpSidecarContainer } from "./sidecar-container";

export default {
  fetch: app.fetch,
  queue: (batch, env) => (batch.queue === WEBHOOK_QUEUE ? consumeWebhooks(batch, env) : consumeChunks(batch, env)),
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runRetention(env, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Bindings>;
