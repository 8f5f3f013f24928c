import type { BatchRecord } from "../domain/batch-record";
import { eventOfTransition, progressEventDue, type WebhookEventType } from "../domain/webhook-events";
import { groupBySize } from "../domain/chunking";
import { QUEUE_LIMITS } from "../lib/platform-limits";
import { utf8Length } from "../lib/utf8";
import { newId } from "../lib/ids";
import type { WebhookMessage } from "../webhooks/messages";

/**
 * The batch's webhook events. Each is written in the same transaction as the
 * change it reports, so none is lost if the object dies right after, and
 * none is made for a change that rolled back; `flush` sends the unsent ones
 * to the webhook queue (at least once: a send that fails is tried again by
 * the next flush).
 */
export class EventOutbox {
  constructor(private readonly sql: SqlStorage) {}

  /** Records the event a change of status makes, if any; call inside its transaction. */
  transition(before: BatchRecord, after: BatchRecord, nowMs: number): void {
    const type = eventOfTransition(before.status, after.status);
    if (type) this.emit(type, after, nowMs);
  }

  /** Records a `batch.progress` unless one was made within the interval; call inside the transaction that counted rows. */
  progress(after: BatchRecord, nowMs: number): void {
    const last = this.sql.exec<{ at: number | null }>("SELECT max(at_ms) AS at FROM events WHERE type = 'batch.progress'").one().at;
    if (after.status === "running" && progressEventDue(last, nowMs)) this.emit("batch.progress", after, nowMs);
  }

  hasUnsent(): boolean {
    return this.sql.exec("SELECT 1 FROM events WHERE sent = 0 LIMIT 1").toArray().length > 0;
  }

  /**
   * Sends every unsent event to the queue, oldest first, and marks it sent.
   * When `anyListener` says the project has no endpoint now, they are marked
   * sent without a message: most batches cost the queue nothing.
   */
  async flush(queue: Queue, anyListener: () => Promise<boolean>): Promise<void> {
    if (!this.hasUnsent()) return;
    if (!(await anyListener())) {
      this.sql.exec("UPDATE events SET sent = 1 WHERE sent = 0");
      return;
    }
    for (;;) {
      const page = this.sql.exec<{ seq: number; body: string }>("SELECT seq, body FROM events WHERE sent = 0 ORDER BY seq LIMIT ?", QUEUE_LIMITS.sendBatchMessages).toArray();
      if (page.length === 0) return;
      const sized = (e: { body: string }) => utf8Length(e.body) + QUEUE_LIMITS.messageOverheadBytes;
      for (const group of groupBySize(page, sized, QUEUE_LIMITS.sendBatchMessages, QUEUE_LIMITS.sendBatchBytes)) {
        await queue.sendBatch(group.map((e) => ({ body: JSON.parse(e.body) as WebhookMessage, contentType: "json" as const })));
        this.sql.exec("UPDATE events SET sent = 1 WHERE seq <= ? AND sent = 0", group.at(-1)!.seq);
      }
    }
  }

  private emit(type: WebhookEventType, batch: BatchRecord, nowMs: number): void {
    // Strictly later than the batch's previous event, so created_at orders them even within a millisecond.
    // at_ms grows with seq, so the newest event has the latest time.
    const last = this.sql.exec<{ at: number }>("SELECT at_ms AS at FROM events ORDER BY seq DESC LIMIT 1").toArray()[0]?.at ?? null;
    const atMs = Math.max(nowMs, (last ?? 0) + 1);
    const message: WebhookMessage = { kind: "event", project_id: batch.project_id, event: { id: newId("evt", atMs), type, created_at: new Date(atMs).toISOString(), batch } };
    this.sql.exec("INSERT INTO events (id, type, at_ms, body) VALUES (?, ?, ?, ?)", message.event.id, type, atMs, JSON.stringify(message));
  }
}
