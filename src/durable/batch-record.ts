import { z } from "zod";
import { BATCH_STATUSES } from "../domain/batch-state";
import type { SourceFormat } from "../domain/record-scanner";
import { OPERATION_KINDS } from "../operations/registry";
import type { SourceLocation } from "../sources/location";
import type { ReplayOnly } from "./replay";

const Format = z.enum(["csv", "jsonl"]);

/** What a batch shows of its source (inline rows are kept in chunks, not here). */
export const StoredSource = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("inline"), row_count: z.number().int() }),
  z.object({ kind: z.literal("signed_url"), url: z.string(), format: Format }),
  z.object({ kind: z.literal("s3"), bucket: z.string(), key: z.string(), format: Format, assume_role_arn: z.string().optional() }),
  z.object({ kind: z.literal("sftp"), credentials_id: z.string(), path: z.string(), format: Format }),
]);
export type StoredSource = z.infer<typeof StoredSource>;

/** The Durable Object's record of one batch; validated whenever it is read from storage. */
export const BatchRecord = z.object({
  id: z.string(),
  project_id: z.string(),
  surface: z.enum(["partner", "ipaas", "batch"]),
  operation: z.enum(OPERATION_KINDS),
  params: z.record(z.string(), z.unknown()),
  source: StoredSource,
  source_hash: z.string(),
  idempotency_key: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  parent_batch_id: z.string().nullable(),
  status: z.enum(BATCH_STATUSES),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  progress: z.object({
    rows_total: z.number().int().nullable(),
    rows_processed: z.number().int(),
    rows_succeeded: z.number().int(),
    rows_failed: z.number().int(),
  }),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** when results and reports are purged; set at completion */
  results_expire_at: z.string().nullable(),
  /** grows with every change; the D1 mirror keeps the highest */
  version: z.number().int(),
});
export type BatchRecord = z.infer<typeof BatchRecord>;

export type CreateBatchInput = {
  id: string;
  project_id: string;
  surface: BatchRecord["surface"];
  operation: BatchRecord["operation"];
  params: Record<string, unknown>;
  source: StoredSource;
  /** inline sources: the rows; others: where ingestion reads from; replays: which rows of which batch */
  input:
    | { rows: unknown[] }
    | { location: SourceLocation; format: SourceFormat }
    | { replay: { parent_batch_id: string; only: ReplayOnly; rows: number } };
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
      /** results already recorded for per-row idempotency keys in this chunk */
      cached: Record<string, { row_number: number; result: Record<string, unknown> }>;
    };

export type ChunkReport = {
  chunk_index: number;
  rows_succeeded: number;
  rows_failed: number;
  has_error_report: boolean;
  keyed_results: { key: string; row_number: number; result: Record<string, unknown> }[];
};
