import { z } from "zod";
import { groupJsonByBytes, jsonRows } from "../db/json-param";
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

// The outbox's UNIQUE (batch_id, dedup_key) makes a send happen once even
// when two chunks race or a chunk is redelivered: rows with a key dedupe on
// it, rows without one on their row number. The no-op DO UPDATE makes
// RETURNING report the row that was already there.
const ENQUEUE = `${jsonRows(5)}
INSERT INTO outbox (id, project_id, batch_id, idempotency_key, dedup_key, channel, recipient, body, created_at)
SELECT r->>'id', ?1, ?2, r->>'key', r->>'dedup', ?3, r->>'to', r->>'body', ?4
FROM rows WHERE true
ON CONFLICT (batch_id, dedup_key) DO UPDATE SET id = outbox.id
RETURNING id, dedup_key`;

/** Queues one message per row in the D1 outbox; a repeated idempotency_key sends nothing twice. */
export const messagesSend = {
  kind: "messages.send",
  summary: "Queue messages for delivery; rows with the same idempotency_key send once.",
  params: MessageParams,
  row: MessageRow,
  exampleRow: { to: "+15550100", body: "Your order shipped", idempotency_key: "order-991-shipped", unique_id: "m-1" },
  rowKey: (row) => row.idempotency_key,
  async handle(rows, ctx) {
    const proposed = rows.map(({ row, rowNumber }) => ({
      id: ctx.newId("msg"),
      key: row.idempotency_key ?? null,
      dedup: row.idempotency_key === undefined ? `row:${rowNumber}` : `key:${row.idempotency_key}`,
      to: row.to,
      body: row.body,
    }));
    // However many statements D1's size limits need, one round trip.
    const enqueue = ctx.db.prepare(ENQUEUE);
    const groups = await ctx.db.batch<{ id: string; dedup_key: string }>(
      groupJsonByBytes(proposed).map((group) => enqueue.bind(ctx.projectId, ctx.batchId, ctx.params.channel, ctx.now, group)),
    );
    const saved = new Map(groups.flatMap((g) => g.results.map((r) => [r.dedup_key, r.id] as const)));
    return proposed.map((p) => {
      const id = saved.get(p.dedup)!;
      return { ok: true, result: { message_id: id, status: "queued", deduplicated: id !== p.id } };
    });
  },
} satisfies Operation<MessageParams, MessageRow>;
