import { configOf } from "../config";
import { estimateRowsTotal } from "../domain/progress-rate";
import type { Bindings } from "../env";
import { logEvent } from "../lib/log";
import { SourceError } from "../sources/types";
import type { ChunkLedger } from "./chunk-ledger";
import type { ChunkLeases } from "./chunk-leases";
import { sendUnsentChunks } from "./fan-out";
import { SendPacing } from "./send-pacing";
import { chunkSizeOf } from "../domain/throttle";
import { ingest, ingestionPending, loadCheckpoint, pinnedObject, type Checkpoint } from "./ingestion";
import type { ReaderHost } from "./reader-host";
import type { RecordStore } from "./record-store";
import { replayPending, replayRows } from "./replay";

/** Wall time one alarm spends reading rows in before it re-arms and yields. */
const READ_SLICE_MS = 20_000;

/**
 * How rows move through a batch object: read in from the source (or a
 * replay's parent) a slice at a time, recorded as chunks, sent to the queue,
 * and sent again when their lease runs out. The object's alarm drives it.
 */
export class RowFlow {
  constructor(
    private readonly sql: SqlStorage,
    private readonly env: Bindings,
    private readonly store: RecordStore,
    private readonly ledger: ChunkLedger,
    private readonly leases: ChunkLeases,
  ) {}

  /** Whether rows are still being read in. */
  stillReading(): boolean {
    return ingestionPending(this.sql) || replayPending(this.sql);
  }

  /** One slice of reading rows in; a source that cannot be read fails the batch with the reason. */
  async readSlice(): Promise<void> {
    const deadline = Date.now() + READ_SLICE_MS;
    try {
      if (replayPending(this.sql)) {
        const read = await replayRows(this.host(), deadline);
        if (read.done) this.setTotal(read.rows);
      } else if (ingestionPending(this.sql)) {
        const read = await ingest(this.host(), deadline);
        if (read.done) this.setTotal(read.rows);
        else this.estimateTotal(read);
      }
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      const failure = { code: e.code, message: e.message };
      this.store.transact(() => this.store.apply({ type: "fail", at: new Date().toISOString(), failure }, configOf(this.env).RESULT_RETENTION_DAYS));
    }
  }

  private setTotal(rows: number): void {
    this.store.transact(() => this.store.update((r) => ({ ...r, progress: { ...r.progress, rows_total: rows, rows_total_estimate: null } })));
  }

  /** While a source is read: the total its bytes so far suggest, for the ETA (src/domain/progress-rate.ts). */
  private estimateTotal(read: Checkpoint): void {
    const estimate = estimateRowsTotal({ rows: read.rows, bytes: read.offset, size: read.stat?.size ?? null });
    if (estimate !== null) this.store.transact(() => this.store.update((r) => ({ ...r, progress: { ...r.progress, rows_total_estimate: estimate } })));
  }

  /** Chunks whose lease ran out go out again; past the policy's limits, to the dead-letter queue. */
  async resendStale(): Promise<void> {
    const { resend, deadLetter } = this.store.transact(() => {
      const stale = this.leases.stale(Date.now());
      this.leases.release([...stale.resend, ...stale.deadLetter]);
      return stale;
    });
    if (resend.length + deadLetter.length === 0) return;
    logEvent("batch.chunks_stale", { batch_id: this.store.load()!.id, resend: resend.length, dead_letter: deadLetter.length });
    await this.sendUnsent(new Set(deadLetter));
  }

  /** Sends the chunks not sent yet, while the batch runs; a throttled batch only those its budget allows now. */
  async sendUnsent(toDeadLetter?: ReadonlySet<number>): Promise<void> {
    const record = this.store.load()!;
    if (record.status !== "running") return;
    const cp = loadCheckpoint(this.sql);
    const source = cp && { format: cp.format, header: cp.header, headerJson: cp.header && JSON.stringify(cp.header), pinned: pinnedObject(cp) };
    const out = { ledger: this.ledger, bucket: this.env.BUCKET, live: this.env.CHUNKS, deadLetter: this.env.DEAD_CHUNKS };
    const pacing = this.pacing();
    const pace = pacing && ((rowCounts: readonly number[]) => this.store.transact(() => pacing.reserve(rowCounts, Date.now())));
    const sent = await sendUnsentChunks(out, record, source, toDeadLetter, pace);
    if (sent > 0) logEvent("batch.chunks_enqueued", { batch_id: record.id, chunks: sent });
  }

  /** When a throttled batch may send its next unsent chunk; null when there is none, or no throttle. */
  nextSendMs(): number | null {
    const next = this.ledger.unsent(1)[0];
    const pacing = this.pacing();
    return next && pacing ? pacing.nextSendMs(next.row_count, Date.now()) : null;
  }

  private pacing(): SendPacing | null {
    const rate = this.store.load()!.run.max_rows_per_second;
    return rate === null ? null : new SendPacing(this.sql, rate);
  }

  private host(): ReaderHost {
    const record = this.store.load()!;
    return {
      sql: this.sql,
      transaction: (fn) => this.store.transact(fn),
      env: this.env,
      batchId: record.id,
      projectId: record.project_id,
      ...chunkSizeOf(record.run, configOf(this.env).CHUNK_ROWS),
      ledger: this.ledger,
      enqueuePending: () => this.sendUnsent(),
      running: () => this.store.load()?.status === "running",
    };
  }
}
