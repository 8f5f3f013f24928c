import { groupBySize } from "../domain/chunking";
import { QUEUE_LIMITS } from "../lib/platform-limits";
import { planChunkMessage, type RangeContext } from "../queues/plan-message";
import type { ChunkMessageInput } from "../queues/chunk-message";
import type { ChunkLedger } from "./chunk-ledger";

export type FanOut = { ledger: ChunkLedger; bucket: R2Bucket; live: Queue<ChunkMessageInput>; deadLetter: Queue<ChunkMessageInput> };

/**
 * Sends the chunks not sent yet, a page of 100 at a time (a page's messages
 * are held in memory), within Queues' sendBatch limits; those in
 * `toDeadLetter` go to the dead-letter queue. Returns how many were sent.
 */
export async function sendUnsentChunks(
  out: FanOut,
  batch: Parameters<typeof planChunkMessage>[0],
  source: RangeContext | null,
  toDeadLetter: ReadonlySet<number> = new Set(),
): Promise<number> {
  let sent = 0;
  for (;;) {
    const page = out.ledger.unsent(QUEUE_LIMITS.sendBatchMessages);
    if (page.length === 0) return sent;
    const messages = page.map((c) => planChunkMessage(batch, c, source));
    for (const m of messages) if (m.put) await out.bucket.put(m.put.key, m.put.value);
    for (const [queue, list] of [
      [out.live, messages.filter((m) => !toDeadLetter.has(m.body.chunk_index))],
      [out.deadLetter, messages.filter((m) => toDeadLetter.has(m.body.chunk_index))],
    ] as const) {
      for (const group of groupBySize(list, (m) => m.bytes, QUEUE_LIMITS.sendBatchMessages, QUEUE_LIMITS.sendBatchBytes)) {
        await queue.sendBatch(group.map((m) => ({ body: m.body, contentType: "json" })));
        const at = new Date().toISOString();
        for (const m of group) out.ledger.markSent(m.body.chunk_index, at);
      }
    }
    sent += page.length;
  }
}
