import { DurableObject } from "cloudflare:workers";
import { configOf, type Config } from "../config";
import { nextRunAfterReport, nextRunAfterStep, readyToFinish } from "../domain/alarm-plan";
import { afterAlarmFailure } from "../domain/backoff";
import { answerRepeatedCreate, newBatchRecord } from "../domain/batch-record";
import { addChunkCounts, isTerminal } from "../domain/batch-state";
import { LEASE_POLICY } from "../domain/chunk-lease";
import { thresholdCrossed, thresholdFailure } from "../domain/run-control";
import { chunkSizeOf } from "../domain/throttle";
import { planChunks } from "../domain/chunking";
import { ROW_MAX_BYTES } from "../domain/row-limits";
import type { Bindings } from "../env";
import type { SectionKind } from "../db/chunk-results";
import { errorSummary, logEvent } from "../lib/log";
import { segmentJsonl, type Segment } from "../results/download";
import { errorsCsvSegment, failedRowKeys, type RowsSource } from "../results/errors-csv-export";
import { resultStoresOf } from "../results/stores";
import { clearAlarmFailures, recordAlarmFailure } from "./alarm-failures";
import type { BatchApi, BatchRecord, CancelOutcome, ControlOutcome, ChunkClaimant, ChunkReport, ChunkStart, CreateBatchInput, CreateOutcome, ReplayOnly, ReplaySlice } from "./batch-record";
import { ChunkLedger } from "./chunk-ledger";
import { ChunkLeases } from "./chunk-leases";
import { projectHasWebhooks } from "../db/webhooks";
import { EventOutbox } from "./event-outbox";
import { Watchers } from "./watchers";
import { loadCheckpoint, pinnedLocation, pinnedObject, startIngestion } from "./ingestion";
import { RecordStore } from "./record-store";
import { RowFlow } from "./row-flow";
import { startReplay } from "./replay";
import { migrate } from "./storage";

/** Progress is mirrored to D1 at most this often while a batch runs. */
const MIRROR_INTERVAL_MS = 1000;
/** Inline and replayed rows per chunk, at most. */
const CHUNK_MAX_BYTES = 1_000_000;
/** How often a running batch wakes to check for chunks whose lease ran out. */
const WATCHDOG_INTERVAL_MS = 10_000;

/**
 * One batch, the truth about it: its state machine, counters, chunk ledger
 * and per-row idempotency map. A thin shell: it loads, asks the pure rules
 * in src/domain what to do, persists in one synchronous transaction (so
 * concurrent calls cannot interleave inside it) and sets its one alarm,
 * which runs at least once and may run twice.
 */
export class BatchDurableObject extends DurableObject<Bindings> implements BatchApi {
  private readonly store: RecordStore;
  private readonly events: EventOutbox;
  private readonly watchers: Watchers;
  private readonly ledger: ChunkLedger;
  private readonly leases: ChunkLeases;
  private readonly rows: RowFlow;
  private readonly config: Config;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    migrate(ctx.storage.sql);
    this.config = configOf(env);
    this.events = new EventOutbox(ctx.storage.sql);
    this.store = new RecordStore(ctx.storage, (before, after) => this.events.transition(before, after, Date.now()));
    this.watchers = new Watchers(() => this.store.load());
    this.ledger = new ChunkLedger(ctx.storage.sql);
    this.leases = new ChunkLeases(ctx.storage.sql, { ...LEASE_POLICY, floorMs: this.config.CHUNK_LEASE_SECONDS * 1000 });
    this.rows = new RowFlow(ctx.storage.sql, env, this.store, this.ledger, this.leases);
  }

  async create(input: CreateBatchInput): Promise<CreateOutcome> {
    const existing = this.store.load();
    if (existing) {
      if (answerRepeatedCreate(existing, input) === "conflict") return { outcome: "conflict" };
      // A retry after a create whose mirror write failed: the batch is visible to reads once this returns.
      await this.flushMirrorOrLog();
      return { outcome: "existing", batch: existing };
    }
    const rows = "rows" in input.input ? input.input.rows : null;
    const record = newBatchRecord(input, input.now, rows ? rows.length : "replay" in input.input ? input.input.replay.rows : null);
    const { chunkRows } = chunkSizeOf(record.run, this.config.CHUNK_ROWS);
    const chunks = rows ? planChunks(rows, { maxRows: chunkRows, maxBytes: CHUNK_MAX_BYTES, maxRowBytes: ROW_MAX_BYTES }) : [];
    this.store.transact(() => {
      this.store.insert(record);
      this.ledger.addPlanned(chunks);
      if ("location" in input.input) startIngestion(this.ctx.storage.sql, input.input.location, input.input.format);
      if ("replay" in input.input) startReplay(this.ctx.storage.sql, input.input.replay.parent_batch_id, input.input.replay.only);
    });
    logEvent("batch.created", { batch_id: record.id, project_id: record.project_id, source: record.source.kind, rows: rows?.length ?? null, chunks: chunks.length });
    await this.ctx.storage.setAlarm(Date.now());
    // The batch exists from here on: should the mirror fail, the alarm writes it.
    await this.flushMirrorOrLog();
    return { outcome: "created", batch: record };
  }

  async get(): Promise<BatchRecord | null> {
    return this.store.load();
  }

  async beginChunk(chunkIndex: number, rowKeys: string[], by: ChunkClaimant): Promise<ChunkStart> {
    const record = this.store.load();
    if (!record) return { run: false, reason: "unknown_batch" };
    if (record.status !== "running") return { run: false, reason: "batch_stopped" };
    // The dead-letter consumer runs nothing, so it takes no lease.
    const grant = by.deadLetter ? (this.ledger.isOpen(chunkIndex) ? "granted" : "done") : this.store.transact(() => this.leases.grant(chunkIndex, by.holder, Date.now()));
    if (grant === "leased") return { run: false, reason: "chunk_leased" };
    if (grant !== "granted") return { run: false, reason: "chunk_done" };
    return { run: true, project_id: record.project_id, params: record.params, dry_run: record.run.dry_run, cached: this.ledger.cachedResults(rowKeys) };
  }

  async reportChunk(report: ChunkReport, now: string): Promise<void> {
    const counted = this.store.transact(() => {
      if (!this.ledger.recordReport(report, now)) return false;
      this.leases.reported(report.chunk_index, Date.now());
      const counted = this.store.update((r) => ({ ...r, progress: addChunkCounts(r.progress, report.rows_succeeded, report.rows_failed) }));
      this.events.progress(counted, Date.now());
      // Past the failure threshold no new chunk starts (consumers ask first); chunks already running are still counted.
      if (counted.status === "running" && thresholdCrossed(counted.run.failure_threshold, counted.progress)) {
        this.store.apply({ type: "fail", at: now, failure: thresholdFailure(counted.run.failure_threshold!, counted.progress) }, this.config.RESULT_RETENTION_DAYS);
      }
      this.finishIfDone(now);
      return true;
    });
    if (!counted) return;
    this.watchers.changed();
    const record = this.store.load()!;
    logEvent("batch.chunk_counted", { batch_id: record.id, chunk: report.chunk_index, succeeded: report.rows_succeeded, failed: report.rows_failed });
    const terminal = isTerminal(record.status);
    const next = nextRunAfterReport({ terminal, nowMs: Date.now(), scheduledMs: terminal ? null : await this.ctx.storage.getAlarm(), mirrorIntervalMs: MIRROR_INTERVAL_MS });
    if (next !== null) await this.ctx.storage.setAlarm(next);
    if (terminal) await this.flushMirror();
    // Best effort here; what fails is sent by the next alarm (the watchdog's, or the one just set for a finished batch).
    if (this.events.hasUnsent()) await this.flushEvents().catch((e) => logEvent("batch.events_flush_failed", { batch_id: record.id, error: errorSummary(e) }));
  }

  async cancel(at: string): Promise<CancelOutcome> {
    const applied = this.store.transact(() => this.store.tryApply({ type: "cancel", at }, this.config.RESULT_RETENTION_DAYS));
    if (!applied.ok) return { ok: false, code: "batch_terminal" };
    this.watchers.changed();
    await this.ctx.storage.setAlarm(Date.now());
    await this.flushMirror();
    await this.flushEvents().catch((e) => logEvent("batch.events_flush_failed", { batch_id: applied.value.id, error: errorSummary(e) }));
    return { ok: true, batch: applied.value };
  }

  async pause(at: string): Promise<ControlOutcome> {
    return this.control({ type: "pause", at }, "paused");
  }

  async resume(at: string): Promise<ControlOutcome> {
    const outcome = await this.control({ type: "resume", at }, "running", () => this.ledger.unsendUnstarted());
    // Sends what never started, and restarts the watchdog.
    if (outcome.ok) await this.ctx.storage.setAlarm(Date.now());
    return outcome;
  }

  /** Applies a pause or resume; a batch already in `target` answers as it is. */
  private async control(event: { type: "pause" | "resume"; at: string }, target: "paused" | "running", alsoInTransaction: () => void = () => {}): Promise<ControlOutcome> {
    const record = this.store.load();
    if (!record) throw new Error("control: no batch here");
    if (record.status === target) return { ok: true, batch: record };
    const applied = this.store.transact(() => {
      const result = this.store.tryApply(event, this.config.RESULT_RETENTION_DAYS);
      if (result.ok) alsoInTransaction();
      return result;
    });
    if (!applied.ok) return { ok: false, code: applied.error.code === "batch_terminal" ? "batch_terminal" : "batch_not_running" };
    logEvent("batch.control", { batch_id: record.id, action: event.type });
    this.watchers.changed();
    await this.flushMirror();
    await this.flushEvents().catch((e) => logEvent("batch.events_flush_failed", { batch_id: record.id, error: errorSummary(e) }));
    return { ok: true, batch: applied.value };
  }

  async purge(): Promise<void> {
    this.store.transact(() => this.ledger.forgetRows());
  }

  async watch(): Promise<ReadableStream<Uint8Array>> {
    return this.watchers.open();
  }

  async downloadSegment(kind: SectionKind, segment: Segment): Promise<ReadableStream<Uint8Array>> {
    const record = this.store.load();
    if (!record) throw new Error("downloadSegment: no batch here");
    return segmentJsonl(resultStoresOf(this.env), record.id, kind, segment);
  }

  async sourceColumns(): Promise<string[] | null> {
    const checkpoint = loadCheckpoint(this.ctx.storage.sql);
    return checkpoint?.format === "csv" ? checkpoint.header : null;
  }

  async failedRowKeys(segment: Segment): Promise<string[]> {
    return failedRowKeys(resultStoresOf(this.env), this.store.load()!.id, segment, this.rowsSource());
  }

  async errorsCsvSegment(segment: Segment, columns: string[]): Promise<ReadableStream<Uint8Array>> {
    return errorsCsvSegment(resultStoresOf(this.env), this.store.load()!.id, segment, this.rowsSource(), columns);
  }

  /** Where this batch's rows are, for reading failed rows back (errors.csv). */
  private rowsSource(): RowsSource {
    const checkpoint = loadCheckpoint(this.ctx.storage.sql);
    return { format: checkpoint?.format ?? null, header: checkpoint?.header ?? null, pinned: pinnedObject(checkpoint), chunksHolding: (rows) => this.ledger.chunksHolding(rows) };
  }

  async sourceLocation() {
    const checkpoint = loadCheckpoint(this.ctx.storage.sql);
    return checkpoint ? { location: pinnedLocation(checkpoint), format: checkpoint.format } : null;
  }

  async replaySlice(fromChunk: number, limit: number, only: ReplayOnly): Promise<ReplaySlice> {
    const checkpoint = loadCheckpoint(this.ctx.storage.sql);
    return { format: checkpoint?.format ?? null, header: checkpoint?.header ?? null, pinned: pinnedObject(checkpoint), chunks: this.ledger.replayPage(fromChunk, limit, only) };
  }

  /**
   * Starts the batch, reads rows in from the checkpoint, sends chunks not
   * sent and those whose lease ran out, and brings the D1 mirror up to date.
   * A run that fails is retried with backoff; after MAX_ALARM_FAILURES in a
   * row the batch ends as `failed`.
   */
  override async alarm(): Promise<void> {
    try {
      await this.step();
      clearAlarmFailures(this.ctx.storage.sql);
    } catch (e) {
      await this.alarmFailed(errorSummary(e, { withName: false }));
    }
  }

  private async step(): Promise<void> {
    const record = this.store.load();
    if (!record) return;
    if (record.status === "accepted") this.store.transact(() => this.store.apply({ type: "start", at: new Date().toISOString() }, this.config.RESULT_RETENTION_DAYS));
    if (this.store.load()!.status === "running") {
      // The watchdog first: whatever fails below, this object wakes up again.
      await this.ctx.storage.setAlarm(Date.now() + WATCHDOG_INTERVAL_MS);
      await this.rows.readSlice();
      await this.rows.resendStale();
      await this.rows.sendUnsent();
    }
    this.store.transact(() => this.finishIfDone(new Date().toISOString()));
    this.watchers.changed();
    await this.flushMirror();
    await this.flushEvents();
    const next = nextRunAfterStep({ status: this.store.load()!.status, stillReading: this.rows.stillReading(), nowMs: Date.now(), watchdogMs: WATCHDOG_INTERVAL_MS, sendDueMs: this.rows.nextSendMs() });
    await (next === null ? this.ctx.storage.deleteAlarm() : this.ctx.storage.setAlarm(next));
  }

  /** Retries the alarm with backoff, or ends a batch whose alarm keeps failing (a finished one just stops retrying). */
  private async alarmFailed(error: string): Promise<void> {
    this.store.forget();
    const failures = recordAlarmFailure(this.ctx.storage.sql, error);
    const record = this.store.load();
    logEvent("batch.alarm_failed", { batch_id: record?.id, failures, error });
    const next = afterAlarmFailure({ failures, status: record?.status ?? null, reading: this.rows.stillReading(), error });
    if (next.kind === "retry") return this.ctx.storage.setAlarm(Date.now() + next.delayMs);
    if (next.kind === "stop") return;
    this.store.transact(() => this.store.apply({ type: "fail", at: new Date().toISOString(), failure: next.failure }, this.config.RESULT_RETENTION_DAYS));
    // One more run to write the mirror; it stops retrying after as many failures again.
    clearAlarmFailures(this.ctx.storage.sql);
    await this.ctx.storage.setAlarm(Date.now());
  }

  /** Finishes a running batch once every chunk is counted; call inside a transaction. */
  private finishIfDone(now: string): void {
    const status = this.store.load()!.status;
    const ready = readyToFinish({ status, openChunks: status === "running" ? this.ledger.openCount() : 0, stillReading: this.rows.stillReading() });
    if (ready) this.store.apply({ type: "finish", at: now }, this.config.RESULT_RETENTION_DAYS);
  }

  /** Writes the record to D1 when it changed since the last mirror. */
  private async flushMirror(): Promise<void> {
    await this.store.mirrorTo(this.env.DB);
  }

  /** Sends the webhook events not sent yet to the webhook queue. */
  private async flushEvents(): Promise<void> {
    const projectId = this.store.load()?.project_id;
    await this.events.flush(this.env.WEBHOOKS, async () => projectId !== undefined && (await projectHasWebhooks(this.env.DB, projectId)));
  }

  private async flushMirrorOrLog(): Promise<void> {
    await this.flushMirror().catch((e) => logEvent("batch.mirror_failed", { batch_id: this.store.load()?.id, error: errorSummary(e) }));
  }
}
