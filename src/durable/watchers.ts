import type { BatchRecord } from "../domain/batch-record";
import { isTerminal } from "../domain/batch-state";

/** Changes reach a watcher at most this often (CONTRACT.md: "at most every 500 ms"). */
export const WATCH_INTERVAL_MS = 500;

const encoder = new TextEncoder();

/**
 * Clients following a batch live (`GET …/events`): each gets a byte stream
 * of the batch record as JSON lines, the current one first, then one per
 * change at most every WATCH_INTERVAL_MS, the final one last, then the end.
 * They cost the object nothing between changes: no timer runs unless a
 * change is waiting for its slot.
 */
export class Watchers {
  private readonly writers = new Set<WritableStreamDefaultWriter<Uint8Array>>();
  private lastSentMs = 0;
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly current: () => BatchRecord | null) {}

  /** A new watcher's stream; it ends at once for a batch that already ended. */
  open(): ReadableStream<Uint8Array> {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const record = this.current();
    this.send(writer, record);
    if (record && !isTerminal(record.status)) this.writers.add(writer);
    else void writer.close().catch(() => {});
    return readable;
  }

  /** The record changed: tell every watcher now, or at its next slot; a final record goes out at once and ends the streams. */
  changed(nowMs = Date.now()): void {
    if (this.writers.size === 0) return;
    const record = this.current();
    const final = record !== null && isTerminal(record.status);
    const wait = this.lastSentMs + WATCH_INTERVAL_MS - nowMs;
    if (!final && wait > 0) {
      this.pending ??= setTimeout(() => {
        this.pending = null;
        this.changed();
      }, wait);
      return;
    }
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    this.lastSentMs = nowMs;
    for (const writer of this.writers) {
      this.send(writer, record);
      if (final) {
        this.writers.delete(writer);
        void writer.close().catch(() => {});
      }
    }
  }

  private send(writer: WritableStreamDefaultWriter<Uint8Array>, record: BatchRecord | null): void {
    // A client that went away fails the write: forget it.
    writer.write(encoder.encode(JSON.stringify(record) + "\n")).catch(() => this.writers.delete(writer));
  }
}
