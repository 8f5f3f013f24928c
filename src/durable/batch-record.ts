import { BatchRecord, StoredSource } from "../domain/batch-record";
import type { SectionKind } from "../db/chunk-results";
import type { RunRequest } from "../domain/run-control";
import type { Segment } from "../results/download";
import type { SourceFormat } from "../domain/vocabulary";
import type { LedgerChunk } from "../queues/plan-message";
import type { SourceLocation } from "../sources/location";
import type { IngestInput } from "../sources/source-kind";

// The record lives with the rules that make it; these are the shapes of the object's RPC.
export { BatchRecord, StoredSource };

export type CreateBatchInput = {
  id: string;
  project_id: string;
  surface: BatchRecord["surface"];
  operation: BatchRecord["operation"];
  params: Record<string, unknown>;
  /** run control; none when absent */
  run?: RunRequest;
  source: StoredSource;
  /** inline sources: the rows; others: where ingestion reads from; replays: which rows of which batch */
  input: IngestInput<SourceLocation> | { replay: { parent_batch_id: string; only: ReplayOnly; rows: number } };
  source_hash: string;
  idempotency_key: string;
  created_by: string;
  parent_batch_id: string | null;
  now: string;
};

export type CreateOutcome =
  | { outcome: "created" | "existing"; batch: BatchRecord }
  | { outcome: "conflict" };

export type ChunkStart =
  /** chunk_leased: another delivery of the chunk holds it now */
  | { run: false; reason: "unknown_batch" | "chunk_done" | "batch_stopped" | "chunk_leased" }
  | {
      run: true;
      project_id: string;
      params: Record<string, unknown>;
      /** a dry run validates and writes nothing */
      dry_run: boolean;
      /** results already recorded for per-row idempotency keys in this chunk */
      cached: Record<string, { row_number: number; result: Record<string, unknown> }>;
    };

export type ChunkReport = {
  chunk_index: number;
  rows_succeeded: number;
  rows_failed: number;
  keyed_results: { key: string; row_number: number; result: Record<string, unknown> }[];
};

export type ReplayOnly = "failed_rows" | "all_rows";

/** One chunk of a finished batch, as a replay of it reads it. */
export type ReplayChunk = Omit<LedgerChunk, "bytes"> & { rows_failed: number | null };

/** A page of a batch's chunk ledger, for a replay to read its rows from where the batch keeps them. */
export type ReplaySlice = {
  format: SourceFormat | null;
  header: string[] | null;
  /** the parent's own-bucket object and the version it read: its ranges are read only at that version */
  pinned: { key: string; etag: string } | null;
  chunks: ReplayChunk[];
};

export type CancelOutcome = { ok: true; batch: BatchRecord } | { ok: false; code: "batch_terminal" };

/** A pause or resume: the batch as it is now, or why not (finished, or not started yet). */
export type ControlOutcome = { ok: true; batch: BatchRecord } | { ok: false; code: "batch_terminal" | "batch_not_running" };

/** Who asks to start a chunk: a delivery (its message id holds the lease), or the dead-letter consumer, which runs nothing. */
export type ChunkClaimant = { holder: string; deadLetter?: boolean };

/**
 * What a batch's Durable Object offers over RPC. The class implements it and
 * every caller goes through it (the generated stub types wrap results in
 * `Disposable`, which defeats narrowing of unions).
 */
export interface BatchApi {
  /** Creates the batch, or answers for the one already created under this idempotency key. */
  create(input: CreateBatchInput): Promise<CreateOutcome>;
  /** The batch, or null when none was created here. */
  get(): Promise<BatchRecord | null>;
  /** Cancels an accepted, running or paused batch: chunks not yet started never run. */
  cancel(at: string): Promise<CancelOutcome>;
  /** Asked by a consumer before it runs a chunk: whether to, and the cached results of its rows' keys. */
  beginChunk(chunkIndex: number, rowKeys: string[], by: ChunkClaimant): Promise<ChunkStart>;
  /** Counts a finished chunk once, however often it is reported. */
  reportChunk(report: ChunkReport, now: string): Promise<void>;
  /** Pauses a running batch (no chunk starts; running ones finish and are counted); a paused one answers as it is. */
  pause(at: string): Promise<ControlOutcome>;
  /** Resumes a paused batch, sending its chunks that never started again; a running one answers as it is. */
  resume(at: string): Promise<ControlOutcome>;
  /** Forgets the rows and per-row results once retention is over; the record stays. */
  purge(): Promise<void>;
  /** A page of the chunk ledger, for a replay of this batch. */
  replaySlice(fromChunk: number, limit: number, only: ReplayOnly): Promise<ReplaySlice>;
  /** The batch record as JSON lines: now, on each change (at most every 500 ms), and last the final one; then the stream ends. */
  watch(): Promise<ReadableStream<Uint8Array>>;
  /** One segment of a full download (`result.jsonl`, `errors.jsonl`) as JSONL, read in this object's own invocation. */
  downloadSegment(kind: SectionKind, segment: Segment): Promise<ReadableStream<Uint8Array>>;
  /** errors.csv: the source's own columns when it is a CSV (its header), else null (they are the failed rows' keys). */
  sourceColumns(): Promise<string[] | null>;
  /** errors.csv: the keys of one segment's failed rows, in first-seen order, read in this object's own invocation. */
  failedRowKeys(segment: Segment): Promise<string[]>;
  /** errors.csv: one segment's records (no header) under `columns`, read in this object's own invocation. */
  errorsCsvSegment(segment: Segment, columns: string[]): Promise<ReadableStream<Uint8Array>>;
  /** Where the source was read from (pinned to the version read); null for rows kept in the object. */
  sourceLocation(): Promise<{ location: SourceLocation; format: SourceFormat } | null>;
}
