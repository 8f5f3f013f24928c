import { groupBySize } from "../domain/chunking";
import { QUEUE_LIMITS } from "../lib/platform-limits";
import { planChunkMessage, type RangeContext } from "../queues/plan-message";
import type { ChunkMessageInput } from "../queues/chunk-message";
import type { ChunkLedger } from "./chunk-ledger";

export type FanOut = { ledger: ChunkLedger; bucket: R2Bucket; live: Queue<ChunkMessageInput>; deadLetter: Queue<ChunkMessageInput> };

/**
 * Reserves queue delays for a prefix of the chunks (their row counts, in
 * order) that may be sent now: a throttled batch's budget (send-pacing.ts).
 */
export type Pace = (rowCounts: readonly number[]) => number[];

/**
 * Sends the chunks not sent yet, a page of 100 at a time (a page's messages
 * are held in memory), within Queues' sendBatch limits; those in
 * `toDeadLetter` go to the dead-letter queue. With `pace`, only the chunks
 * it grants go, each with its delay. Returns how many were sent.
 */
export async function sendUnsentChunks(
  out: FanOut,
  batch: Parameters<typeof planChunkMessage>[0],
  source: RangeContext | null,
  toDeadLetter: ReadonlySet<number> = new Set(),
  pace: Pace | null = null,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const unsent = out.ledger.unsent(QUEUE_LIMITS.sendBatchMessages);
    const delays = pace ? pace(unsent.map((c) => c.row_count)) : null;
    const page = delays ? unsent.slice(0, delays.length) : unsent;
    if (page.length === 0) return sent;
    const delayOf = new Map(delays?.map((d, i) => [page[i]!.chunk_index, d]));
    const messages = page.map((c) => planChunkMessage(batch, c, source));
    for (const m of messages) if (m.put) await out.bucket.put(m.put.key, m.put.value);
    for (const [queue, list] of [
      [out.live, messages.filter((m) => !toDeadLetter.has(m.body.chunk_index))],
      [out.deadLetter, messages.filter((m) => toDeadLetter.has(m.body.chunk_index))],
    ] as const) {
      for (const group of groupBySize(list, (m) => m.bytes, QUEUE_LIMITS.sendBatchMessages, QUEUE_LIMITS.sendBatchBytes)) {
        await queue.sendBatch(group.map((m) => ({ body: m.body, contentType: "json", ...(delayOf.has(m.body.chunk_index) ? { delaySeconds: delayOf.get(m.body.chunk_index) } : {}) })));
        const at = new Date().toISOString();
        for (const m of group) out.ledger.markSent(m.body.chunk_index, at);
      }
    }
    sent += page.length;
    if (page.length < unsent.length) return sent;
  }
}
