import { z } from "zod";
import type { Operation } from "./types";

const MessageRow = z.object({
  to: z.string().min(1),
  body: z.string().min(1),
  idempotency_key: z.string().min(1).max(255).optional(),
  unique_id: z.union([z.string(), z.number()]).transform(String).optional(),
});
type MessageRow = z.infer<typeof MessageRow>;

const MessageParams = z.object({ channel: z.enum(["sms", "email"]).default("sms") }).strict();
type MessageParams = z.infer<typeof MessageParams>;

// The outbox's UNIQUE (batch_id, idempotency_key) is what makes a send
// happen once even when two chunks race or a chunk is redelivered: the no-op
// DO UPDATE makes RETURNING report the row that was already there.
const ENQUEUE = `
INSERT INTO outbox (id, project_id, batch_id, idempotency_key, channel, recipient, body, created_at)
SELECT j.value->>'id', ?1, ?2, j.value->>'key', ?3, j.value->>'to', j.value->>'body', ?4
FROM json_each(?5) AS j WHERE true
ON CONFLICT (batch_id, idempotency_key) DO UPDATE SET id = outbox.id
RETURNING id, idempotency_key`;

/** Queues one message per row in the D1 outbox; a repeated idempotency_key sends nothing twice. */
export const messagesSend = {
  kind: "messages.send",
  summary: "Queue messages for delivery; rows with the same idempotency_key send once.",
  params: MessageParams,
  row: MessageRow,
  exampleRow: { to: "+15550100", body: "Your order shipped", idempotency_key: "order-991-shipped", unique_id: "m-1" },
  rowKey: (row) => row.idempotency_key,
  async handle(rows, ctx) {
    const proposed = rows.map(({ row }) => ({
      id: ctx.newId("msg"),
      key: row.idempotency_key ?? null,
      to: row.to,
      body: row.body,
    }));
    const { results } = await ctx.db
      .prepare(ENQUEUE)
      .bind(ctx.projectId, ctx.batchId, ctx.params.channel, ctx.now, JSON.stringify(proposed))
      .all<{ id: string; idempotency_key: string | null }>();
    const byKey = new Map(results.filter((r) => r.idempotency_key !== null).map((r) => [r.idempotency_key, r.id]));
    return proposed.map((p) => {
      const id = p.key === null ? p.id : byKey.get(p.key)!;
      return { ok: true, result: { message_id: id, status: "queued", deduplicated: id !== p.id } };
    });
  },
} satisfies Operation<MessageParams, MessageRow>;
