import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { BatchRecord } from "../../durable/batch-record";
import { isTerminal } from "../../domain/batch-state";
import type { AppEnv } from "../../env";
import { onValidationFailure } from "../http/errors";
import { bearerSecurity, pick } from "../http/responses";
import { loadCallerBatch } from "./load-batch";
import { renderBatch } from "./render-batch";
import { BatchIdParam } from "./schemas";

export const eventRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const events = createRoute({
  method: "get",
  path: "/{id}/events",
  summary: "Follow a batch live (Server-Sent Events)",
  description:
    "`text/event-stream`: first `event: progress` with the current Batch as `data`, then one on each change (at most every 500 ms), then `event: completed` with the final Batch, and the stream ends.",
  security: bearerSecurity,
  request: { params: BatchIdParam },
  responses: { 200: { description: "The stream", content: { "text/event-stream": { schema: z.string() } } }, ...pick(401, 404) },
});

// A stream is outside the typed-JSON handler contract: document the route, serve it plainly.
eventRoutes.openAPIRegistry.registerPath(events);
eventRoutes.get("/:id/events", async (c) => {
  const { stub } = await loadCallerBatch(c, c.req.param("id"));
  const origin = new URL(c.req.url).origin;
  const records = await stub.watch();
  return c.body(records.pipeThrough(new TextDecoderStream()).pipeThrough(recordsToEvents(origin)).pipeThrough(new TextEncoderStream()), 200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
});

/**
 * The batch object's JSON lines as SSE frames: the first record is a
 * `progress`, as is every later one but the final, which is `completed`
 * (a batch that had already ended gets both).
 */
function recordsToEvents(origin: string): TransformStream<string, string> {
  let buffered = "";
  let first = true;
  const frame = (event: string, batch: string) => `event: ${event}\ndata: ${batch}\n\n`;
  const frames = (lines: string[]) =>
    lines
      .filter((line) => line !== "" && line !== "null")
      .map((line) => {
        const record = BatchRecord.parse(JSON.parse(line));
        const batch = JSON.stringify(renderBatch(record, origin));
        const out = (first || !isTerminal(record.status) ? frame("progress", batch) : "") + (isTerminal(record.status) ? frame("completed", batch) : "");
        first = false;
        return out;
      })
      .join("");
  return new TransformStream({
    transform(text, controller) {
      const lines = (buffered + text).split("\n");
      buffered = lines.pop()!;
      const out = frames(lines);
      if (out) controller.enqueue(out);
    },
    flush(controller) {
      const out = frames([buffered]);
      if (out) controller.enqueue(out);
    },
  });
}
