import { DurableObject } from "cloudflare:workers";
import { alarmRetryDelayMs, MAX_ALARM_FAILURES } from "../domain/backoff";
import { addChunkCounts, initialState, isTerminal, transition, type BatchEvent, type TransitionError } from "../domain/batch-state";
import { LEASE_POLICY } from "../domain/chunk-lease";
import { ok, type Result } from "../domain/result";
import { groupBySize, planChunks } from "../domain/chunking";
import { ROW_MAX_BYTES } from "../domain/row-limits";
import { openDb } from "../db/client";
import { mirrorBatch } from "../db/batches";
import type { Bindings } from "../env";
import { errorSummary, logEvent } from "../lib/log";
import { QUEUE_LIMITS } from "../lib/platform-limits";
import { planChunkMessage, type LedgerChunk } from "../queues/plan-message";
import { BatchRecord, type ChunkReport, type ChunkStart, type CreateBatchInput, type CreateOutcome } from "./batch-record";
import { SourceError } from "../sources/types";
import { ingest, ingestionPending, loadCheckpoint, pinnedLocation, pinnedObject, startIngestion } from "./ingestion";
import { replayPending, replayRows, startReplay, type ReplayChunk, type ReplayOnly, type ReplaySlice } from "./replay";
import { clearAlarmFailures, recordAlarmFailure } from "./alarm-failures";
import { ChunkLeases } from "./chunk-leases";
import { migrate } from "./storage";
import type { SourceLocation } from "../sources/location";
import type { SourceFormat } from "../domain/record-scanner";

/** Progress is mirrored to D1 at most this often while a batch runs. */
const MIRROR_INTERVAL_MS = 1000;
const CHUNK_MAX_BYTES = 1_000_000;

/** Wall time one alarm spends reading the source before it re-arms and yields. */
const INGEST_SLICE_MS = 20_000;
/** How often a running batch wakes to check for chunks whose lease ran out (see src/domain/chunk-lease.ts). */
const WATCHDOG_INTERVAL_MS = 10_000;

/**
 * One batch: its state machine, counters, chunk ledger and per-row
 * idempotency map. Every change is a synchronous SQLite transaction (so
 * concurrent calls cannot interleave inside it); the alarm fans chunks out
 * and mirrors the record to D1, and may run more than once.
 */
export class BatchDurableObject extends DurableObject<Bindings> {
  private readonly sql: SqlStorage;
  /**
   * The record as last read or written (undefined: read it from storage). Every
   * chunk report reads it several times, and parsing it each time was a tenth of
   * the isolate's time; a rolled-back transaction drops it (see `transact`).
   */
  private record: BatchRecord | null | undefined;
  private readonly leases: ChunkLeases;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql);
    this.leases = new ChunkLeases(this.sql, { ...LEASE_POLICY, floorMs: (Number(env.CHUNK_LEASE_SECONDS) || 30) * 1000 });
  }

  /** Creates the batch, or answers for the one already created under this idempotency key. */
  async create(input: CreateBatchInput): Promise<CreateOutcome> {
    const existing = this.load();
    if (existing) {
      const same = existing.source_hash === input.source_hash && existing.operation === input.operation;
      if (!same) return { outcome: "conflict" };
      // A retry after a create whose mirror write failed: the batch is visible to reads once this returns.
      await this.flushMirror().catch((e) => logEvent("batch.mirror_failed", { batch_id: existing.id, error: errorSummary(e) }));
      return { outcome: "existing", batch: existing };
    }
    const rows = "rows" in input.input ? input.input.rows : null;
    const chunks = rows ? planChunks(rows, { maxRows: this.chunkRows(), maxBytes: CHUNK_MAX_BYTES, maxRowBytes: ROW_MAX_BYTES }) : [];
    const record: BatchRecord = {
      id: input.id,
      project_id: input.project_id,
      surface: input.surface,
      operation: input.operation,
      params: input.params,
      source: input.source,
      source_hash: input.source_hash,
      idempotency_key: input.idempotency_key,
      created_by: input.created_by,
      created_at: input.now,
      parent_batch_id: input.parent_batch_id,
      ...initialState(rows ? rows.length : "replay" in input.input ? input.input.replay.rows : null),
      results_expire_at: null,
      version: 1,
    };
    this.transact(() => {
      this.sql.exec("INSERT INTO batch (id, doc, version) VALUES (1, ?, ?)", JSON.stringify(record), record.version);
      for (const c of chunks) {
        this.sql.exec(
          "INSERT INTO chunks (chunk_index, first_row_number, row_count, bytes, payload, encoding) VALUES (?, ?, ?, ?, ?, ?)",
          c.index, c.firstRowNumber, c.rows.length, c.bytes, JSON.stringify(c.rows), c.encoding,
        );
      }
      if ("location" in input.input) startIngestion(this.sql, input.input.location, input.input.format);
      if ("replay" in input.input) startReplay(this.sql, input.input.replay.parent_batch_id, input.input.replay.only);
    });
    this.record = record;
    logEvent("batch.created", { batch_id: record.id, project_id: record.project_id, source: record.source.kind, rows: rows?.length ?? null, chunks: chunks.length });
    await this.ctx.storage.setAlarm(Date.now());
    // The batch exists from here on: should the mirror fail, the alarm writes it.
    await this.flushMirror().catch((e) => logEvent("batch.mirror_failed", { batch_id: record.id, error: errorSummary(e) }));
    return { outcome: "created", batch: record };
  }

  /** The batch, or null when none was created here. */
  async get(): Promise<BatchRecord | null> {
    return this.load();
  }

  /**
   * Called by a consumer before it runs a chunk's rows: grants it the chunk's
   * lease (`holder` is its message id, the same on the queue's retries of it),
   * or says why not. The dead-letter consumer runs nothing, so it takes no lease.
   */
  async beginChunk(chunkIndex: number, rowKeys: string[], by: { holder: string; deadLetter?: boolean }): Promise<ChunkStart> {
    const record = this.load();
    if (!record) return { run: false, reason: "unknown_batch" };
    if (record.status !== "running") return { run: false, reason: "batch_stopped" };
    const grant = by.deadLetter ? this.deadLetterGrant(chunkIndex) : this.transact(() => this.leases.grant(chunkIndex, by.holder, Date.now()));
    if (grant === "leased") return { run: false, reason: "chunk_leased" };
    if (grant !== "granted") return { run: false, reason: "chunk_done" };
    const cached: Extract<ChunkStart, { run: true }>["cached"] = {};
    if (rowKeys.length > 0) {
      const rows = this.sql.exec<{ key: string; row_number: number; result: string }>(
        "SELECT key, row_number, result FROM row_keys WHERE key IN (SELECT value FROM json_each(?))",
        JSON.stringify(rowKeys),
      );
      for (const r of rows) cached[r.key] = { row_number: r.row_number, result: JSON.parse(r.result) };
    }
    return { run: true, project_id: record.project_id, params: record.params, cached };
  }

  /** Counts a finished chunk once, however often it is reported; finishes the batch after the last. */
  async reportChunk(report: ChunkReport, now: string): Promise<void> {
    const counted = this.transact(() => {
      const pending = this.sql.exec("SELECT 1 FROM chunks WHERE chunk_index = ? AND done_at IS NULL", report.chunk_index).toArray();
      if (pending.length === 0) return false;
      this.sql.exec(
        "UPDATE chunks SET done_at = ?, rows_succeeded = ?, rows_failed = ?, has_error_report = ? WHERE chunk_index = ?",
        now, report.rows_succeeded, report.rows_failed, report.has_error_report ? 1 : 0, report.chunk_index,
      );
      this.leases.reported(report.chunk_index, Date.now());
      for (const k of report.keyed_results) {
        this.sql.exec("INSERT OR IGNORE INTO row_keys (key, row_number, result) VALUES (?, ?, ?)", k.key, k.row_number, JSON.stringify(k.result));
      }
      this.update((r) => ({ ...r, progress: addChunkCounts(r.progress, report.rows_succeeded, report.rows_failed) }));
      this.finishIfDone(now);
      return true;
    });
    if (!counted) return;
    const record = this.load()!;
    logEvent("batch.chunk_counted", { batch_id: record.id, chunk: report.chunk_index, succeeded: report.rows_succeeded, failed: report.rows_failed });
    if (isTerminal(record.status)) {
      // The alarm retries the mirror should this write fail.
      await this.ctx.storage.setAlarm(Date.now());
      await this.flushMirror();
    } else {
      const next = await this.ctx.storage.getAlarm();
      if (next === null || next > Date.now() + MIRROR_INTERVAL_MS) await this.ctx.storage.setAlarm(Date.now() + MIRROR_INTERVAL_MS);
    }
  }

  /**
   * Cancels an accepted or running batch: chunks not yet started never run
   * (beginChunk refuses them), chunks already running finish and are counted.
   */
  async cancel(at: string): Promise<{ ok: true; batch: BatchRecord } | { ok: false; code: "batch_terminal" }> {
    const applied = this.tryApply({ type: "cancel", at });
    if (!applied.ok) return { ok: false, code: "batch_terminal" };
    const batch = applied.value;
    await this.ctx.storage.setAlarm(Date.now());
    await this.flushMirror();
    return { ok: true, batch };
  }

  /** Forgets the rows and per-row results once the batch's retention is over; the record stays. */
  async purge(): Promise<void> {
    this.transact(() => {
      this.sql.exec("UPDATE chunks SET payload = NULL");
      this.sql.exec("DELETE FROM row_keys");
    });
  }

  /** Where this batch's source was read from, so a replay of all rows reads it again; null for rows kept here. */
  async sourceLocation(): Promise<{ location: SourceLocation; format: SourceFormat } | null> {
    const checkpoint = loadCheckpoint(this.sql);
    return checkpoint ? { location: pinnedLocation(checkpoint), format: checkpoint.format } : null;
  }

  /** A page of the chunk ledger from `fromChunk` on (only chunks with failures for `failed_rows`), for a replay. */
  async replaySlice(fromChunk: number, limit: number, only: ReplayOnly): Promise<ReplaySlice> {
    const checkpoint = loadCheckpoint(this.sql);
    const chunks = this.sql
      .exec<ReplayChunk>(
        `SELECT chunk_index, first_row_number, row_count, rows_failed, payload, encoding, original_rows, range_key, range_offset, range_length
         FROM chunks WHERE chunk_index >= ? ${only === "failed_rows" ? "AND rows_failed > 0" : ""} ORDER BY chunk_index LIMIT ?`,
        fromChunk, limit,
      )
      .toArray();
    return { format: checkpoint?.format ?? null, header: checkpoint?.header ?? null, pinned: pinnedObject(checkpoint), chunks };
  }

  /** Chunk indexes whose failures are in an R2 error report, in row order. */
  async errorReportChunks(): Promise<number[]> {
    return this.sql
      .exec<{ chunk_index: number }>("SELECT chunk_index FROM chunks WHERE has_error_report = 1 ORDER BY chunk_index")
      .toArray()
      .map((r) => r.chunk_index);
  }

  /**
   * Starts the batch, reads the source on from its checkpoint, sends any
   * chunk not yet sent, and brings the D1 mirror up to date. Re-arms itself
   * while the source is still being read. A run that fails is retried with
   * backoff; after MAX_ALARM_FAILURES in a row the batch ends as `failed`.
   */
  override async alarm(): Promise<void> {
    try {
      await this.step();
      clearAlarmFailures(this.sql);
    } catch (e) {
      await this.alarmFailed(errorSummary(e, { withName: false }));
    }
  }

  private async step(): Promise<void> {
    const record = this.load();
    if (!record) return;
    if (record.status === "accepted") this.apply({ type: "start", at: new Date().toISOString() });
    if (this.load()!.status === "running") {
      // The watchdog first: whatever fails below, this object wakes up again.
      await this.ctx.storage.setAlarm(Date.now() + WATCHDOG_INTERVAL_MS);
      await this.readSource();
      await this.resendStaleChunks();
      await this.enqueuePendingChunks();
    }
    this.transact(() => this.finishIfDone(new Date().toISOString()));
    await this.flushMirror();
    if (this.stillReading() && this.load()!.status === "running") await this.ctx.storage.setAlarm(Date.now());
    else if (isTerminal(this.load()!.status)) await this.ctx.storage.deleteAlarm();
  }

  /** Retries the alarm with backoff, or ends a batch whose alarm keeps failing (a finished one just stops retrying). */
  private async alarmFailed(error: string): Promise<void> {
    this.record = undefined;
    const failures = recordAlarmFailure(this.sql, error);
    const record = this.load();
    logEvent("batch.alarm_failed", { batch_id: record?.id, failures, error });
    if (failures < MAX_ALARM_FAILURES) return this.ctx.storage.setAlarm(Date.now() + alarmRetryDelayMs(failures));
    if (!record || isTerminal(record.status)) return;
    const code = this.stillReading() ? "source_unreadable" : "internal_error";
    const what = code === "source_unreadable" ? "Reading the source" : "Running the batch";
    this.apply({ type: "fail", at: new Date().toISOString(), failure: { code, message: `${what} failed ${failures} times in a row; last: ${error}` } });
    // One more run to write the mirror; it stops retrying after as many failures again.
    clearAlarmFailures(this.sql);
    await this.ctx.storage.setAlarm(Date.now());
  }

  /**
   * Chunks whose lease ran out (their consumer died) or whose message never
   * reached a consumer go out again; past the policy's limits they go to the
   * dead-letter queue, whose consumer records their rows as retry_exhausted.
   */
  private async resendStaleChunks(): Promise<void> {
    const { resend, deadLetter } = this.transact(() => {
      const stale = this.leases.stale(Date.now());
      this.leases.release([...stale.resend, ...stale.deadLetter]);
      return stale;
    });
    if (resend.length + deadLetter.length === 0) return;
    logEvent("batch.chunks_stale", { batch_id: this.load()!.id, resend: resend.length, dead_letter: deadLetter.length });
    await this.enqueuePendingChunks(new Set(deadLetter));
  }

  /** The dead-letter consumer records a chunk's rows as failed if it is still open. */
  private deadLetterGrant(chunkIndex: number): "granted" | "done" {
    const chunk = this.sql.exec<{ done_at: string | null }>("SELECT done_at FROM chunks WHERE chunk_index = ?", chunkIndex).toArray()[0];
    return chunk && chunk.done_at === null ? "granted" : "done";
  }

  /** One invocation's worth of ingestion; a source that cannot be read fails the batch with the reason. */
  private async readSource(): Promise<void> {
    if (replayPending(this.sql)) return this.readReplay();
    const checkpoint = loadCheckpoint(this.sql);
    if (!checkpoint || checkpoint.done) return;
    const record = this.load()!;
    try {
      const done = await ingest(
        {
          sql: this.sql,
          transaction: (fn) => this.transact(fn),
          env: this.env,
          batchId: record.id,
          projectId: record.project_id,
          nextChunkIndex: () => this.nextChunkIndex(),
          enqueuePending: () => this.enqueuePendingChunks(),
          running: () => this.load()?.status === "running",
        },
        Date.now() + INGEST_SLICE_MS,
      );
      if (done.done) this.update((r) => ({ ...r, progress: { ...r.progress, rows_total: done.rows } }));
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      this.apply({ type: "fail", at: new Date().toISOString(), failure: { code: e.code, message: e.message } });
    }
  }

  /** One invocation's worth of reading a replay's rows back from its parent. */
  private async readReplay(): Promise<void> {
    const record = this.load()!;
    const read = await replayRows(
      {
        sql: this.sql,
        transaction: (fn) => this.transact(fn),
        env: this.env,
        batchId: record.id,
        chunkRows: this.chunkRows(),
        nextChunkIndex: () => this.nextChunkIndex(),
        enqueuePending: () => this.enqueuePendingChunks(),
        running: () => this.load()?.status === "running",
      },
      Date.now() + INGEST_SLICE_MS,
    );
    if (read.done) this.update((r) => ({ ...r, progress: { ...r.progress, rows_total: read.rows } }));
  }

  private nextChunkIndex(): number {
    return this.sql.exec<{ n: number }>("SELECT coalesce(max(chunk_index) + 1, 0) AS n FROM chunks").one().n;
  }

  /**
   * Sends recorded chunks not yet sent, a page at a time (a page's messages are
   * held in memory); those in `deadLetter` go to the dead-letter queue instead.
   */
  private async enqueuePendingChunks(deadLetter = new Set<number>()): Promise<void> {
    const record = this.load()!;
    if (record.status !== "running") return;
    const checkpoint = loadCheckpoint(this.sql);
    const source = checkpoint && {
      format: checkpoint.format,
      header: checkpoint.header,
      headerJson: checkpoint.header && JSON.stringify(checkpoint.header),
      pinned: pinnedObject(checkpoint),
    };
    let sent = 0;
    for (;;) {
      const page = this.sql
        .exec<LedgerChunk>(
          "SELECT chunk_index, first_row_number, row_count, bytes, payload, encoding, original_rows, range_key, range_offset, range_length FROM chunks WHERE enqueued_at IS NULL ORDER BY chunk_index LIMIT ?",
          QUEUE_LIMITS.sendBatchMessages,
        )
        .toArray();
      if (page.length === 0) break;
      const messages = page.map((c) => planChunkMessage(record, c, source));
      for (const m of messages) if (m.put) await this.env.BUCKET.put(m.put.key, m.put.value);
      for (const [queue, list] of [
        [this.env.CHUNKS, messages.filter((m) => !deadLetter.has(m.body.chunk_index))],
        [this.env.DEAD_CHUNKS, messages.filter((m) => deadLetter.has(m.body.chunk_index))],
      ] as const) {
        for (const group of groupBySize(list, (m) => m.bytes, QUEUE_LIMITS.sendBatchMessages, QUEUE_LIMITS.sendBatchBytes)) {
          await queue.sendBatch(group.map((m) => ({ body: m.body, contentType: "json" })));
          const at = new Date().toISOString();
          for (const m of group) this.sql.exec("UPDATE chunks SET enqueued_at = ?, sends = sends + 1 WHERE chunk_index = ?", at, m.body.chunk_index);
        }
      }
      sent += page.length;
    }
    if (sent > 0) logEvent("batch.chunks_enqueued", { batch_id: record.id, chunks: sent });
  }

  /** Finishes a running batch once every chunk is counted; call inside a transaction. */
  private finishIfDone(now: string): void {
    const record = this.load()!;
    if (record.status !== "running") return;
    const open = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM chunks WHERE done_at IS NULL").one().n;
    if (open === 0 && !this.stillReading()) this.apply({ type: "finish", at: now });
  }

  /** Applies an event the state machine must allow here; a refusal is a bug. */
  private apply(event: BatchEvent): BatchRecord {
    const applied = this.tryApply(event);
    if (!applied.ok) throw new Error(`batch ${this.load()!.id}: ${applied.error.code} (${applied.error.from} on ${applied.error.event})`);
    return applied.value;
  }

  /** Applies an event if the state machine allows it, persisting the new state. */
  private tryApply(event: BatchEvent): Result<BatchRecord, TransitionError> {
    const record = this.load()!;
    const next = transition(record, event);
    if (!next.ok) return next;
    const updated = this.update(() => ({
      ...next.value,
      results_expire_at: next.value.completed_at ? this.expiry(next.value.completed_at) : null,
    }));
    logEvent("batch.transition", { batch_id: record.id, project_id: record.project_id, from: record.status, to: updated.status, ...updated.progress });
    return ok(updated);
  }

  private update(change: (r: BatchRecord) => BatchRecord): BatchRecord {
    const current = this.load()!;
    const next = { ...change(current), version: current.version + 1 };
    this.sql.exec("UPDATE batch SET doc = ?, version = ? WHERE id = 1", JSON.stringify(next), next.version);
    this.record = next;
    return next;
  }

  private load(): BatchRecord | null {
    if (this.record === undefined) {
      const row = this.sql.exec<{ doc: string }>("SELECT doc FROM batch WHERE id = 1").toArray()[0];
      this.record = row ? BatchRecord.parse(JSON.parse(row.doc)) : null;
    }
    return this.record;
  }

  /** A synchronous transaction; if it throws, its writes are rolled back and so is the cached record. */
  private transact<T>(fn: () => T): T {
    try {
      return this.ctx.storage.transactionSync(fn);
    } catch (e) {
      this.record = undefined;
      throw e;
    }
  }

  /** Whether rows are still being read in (from the source, or from a replay's parent). */
  private stillReading(): boolean {
    return ingestionPending(this.sql) || replayPending(this.sql);
  }

  /** Writes the record to D1 when it changed since the last mirror. */
  private async flushMirror(): Promise<void> {
    const row = this.sql.exec<{ version: number; mirrored_version: number }>("SELECT version, mirrored_version FROM batch WHERE id = 1").one();
    if (row.version <= row.mirrored_version) return;
    const record = this.load()!;
    await mirrorBatch(openDb(this.env.DB), {
      id: record.id,
      projectId: record.project_id,
      surface: record.surface,
      status: record.status,
      createdAt: record.created_at,
      completedAt: record.completed_at,
      version: record.version,
      doc: JSON.stringify(record),
      parentBatchId: record.parent_batch_id,
    });
    this.sql.exec("UPDATE batch SET mirrored_version = max(mirrored_version, ?) WHERE id = 1", record.version);
  }

  private chunkRows(): number {
    return Number(this.env.CHUNK_ROWS) || 500;
  }

  private expiry(completedAt: string): string {
    const days = Number(this.env.RESULT_RETENTION_DAYS) || 30;
    return new Date(Date.parse(completedAt) + days * 86_400_000).toISOString();
  }
}
