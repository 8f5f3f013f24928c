import type { SourceRow } from "../domain/parse-rows";
import type { ChunkReport, ChunkStart } from "../durable/batch-record";
import { applyMapping } from "../domain/run-control";
import { operationFor } from "../operations/registry";
import type { RowOutcome, ValidRow } from "../operations/types";
import { sourceIdentifierOf, validateRows, type RowFailure } from "../operations/validate-rows";
import type { RowOutcome as StoredOutcome } from "../results/outcome";
import type { StoredChunk } from "../results/store-chunk";
import type { ChunkMessage } from "./chunk-message";

/** A chunk's rows checked against the operation's row schema, with their per-row idempotency keys. */
export type PreparedChunk = {
  msg: ChunkMessage;
  rows: readonly SourceRow[];
  valid: ValidRow<unknown>[];
  invalid: RowFailure[];
  /** row number → per-row idempotency key, for operations that have one */
  keys: Map<number, string>;
};

export function prepareChunk(msg: ChunkMessage, read: readonly SourceRow[]): PreparedChunk {
  const op = operationFor(msg.operation);
  const mapping = msg.mapping ?? null;
  // Renamed before validation, so the operation's schema sees the names it knows.
  const rows = mapping ? read.map((r) => (r.ok ? { ...r, value: applyMapping(r.value, mapping) } : r)) : read;
  const { valid, invalid } = validateRows(op.row, rows, msg.first_row_number);
  const keys = new Map<number, string>();
  for (const { rowNumber, row } of valid) {
    const key = op.rowKey?.(row);
    if (key !== undefined) keys.set(rowNumber, key);
  }
  return { msg, rows, valid, invalid, keys };
}

/**
 * Runs a prepared chunk: schema failures are row errors, rows whose key
 * already has a result in this batch reuse it, and the handler runs once for
 * the rest (in a dry run, they get `{dry_run: true}` instead). Throws when the handler does (transient: the chunk is retried).
 */
export async function runChunk(
  chunk: PreparedChunk,
  start: Extract<ChunkStart, { run: true }>,
  env: { db: D1Database; now: string; newId: (prefix: string) => string },
): Promise<StoredOutcome[]> {
  const op = operationFor(chunk.msg.operation);
  const outcomes = new Map<number, RowOutcome>();
  for (const f of chunk.invalid) outcomes.set(f.rowNumber, { ok: false, errors: f.errors });
  const fresh = chunk.valid.filter(({ rowNumber }) => {
    const key = chunk.keys.get(rowNumber);
    const hit = key === undefined ? undefined : start.cached[key];
    if (hit) outcomes.set(rowNumber, { ok: true, result: { ...hit.result, deduplicated: true } });
    return !hit;
  });
  if (fresh.length > 0 && start.dry_run) {
    // A dry run: the rows passed validation, and nothing is written or sent.
    for (const { rowNumber } of fresh) outcomes.set(rowNumber, { ok: true, result: { dry_run: true } });
  } else if (fresh.length > 0) {
    const ctx = { db: env.db, projectId: start.project_id, batchId: chunk.msg.batch_id, params: op.params.parse(start.params), now: env.now, newId: env.newId };
    const results = await op.handle(fresh, ctx);
    fresh.forEach(({ rowNumber }, i) => outcomes.set(rowNumber, results[i]!));
  }
  return chunk.rows.map((row, i) => {
    const rowNumber = chunk.msg.first_row_number + i;
    return toRowResult(chunk.msg, i, row, outcomes.get(rowNumber)!);
  });
}

/** The outcome of a chunk whose handler never succeeded: rows that failed validation keep those errors, the rest are `retry_exhausted`. */
export function exhaustedRows(chunk: PreparedChunk, reason: string): StoredOutcome[] {
  const exhausted: RowOutcome = { ok: false, errors: [{ code: "retry_exhausted", message: `Gave up after retries: ${reason}` }] };
  const invalid = new Map(chunk.invalid.map((f) => [f.rowNumber, f.errors]));
  return chunk.rows.map((row, i) => {
    const rowNumber = chunk.msg.first_row_number + i;
    const errors = invalid.get(rowNumber);
    return toRowResult(chunk.msg, i, row, errors ? { ok: false, errors } : exhausted);
  });
}

/** Every row of a chunk that was never run, as `retry_exhausted`, from the message alone (no source identifiers: the rows are not read). */
export function undeliveredRows(msg: ChunkMessage, reason: string): StoredOutcome[] {
  const errors = [{ code: "retry_exhausted", message: `Gave up after retries: ${reason}` }];
  return Array.from({ length: msg.row_count }, (_, i) => ({
    rowNumber: msg.first_row_number + i,
    originalRowNumber: msg.original_row_numbers?.[i] ?? null,
    sourceIdentifier: null,
    status: "failed" as const,
    body: errors,
  }));
}

function toRowResult(msg: ChunkMessage, index: number, row: SourceRow, outcome: RowOutcome): StoredOutcome {
  return {
    rowNumber: msg.first_row_number + index,
    originalRowNumber: msg.original_row_numbers?.[index] ?? null,
    sourceIdentifier: row.ok ? sourceIdentifierOf(row.value) : row.sourceIdentifier,
    status: outcome.ok ? "succeeded" : "failed",
    body: outcome.ok ? outcome.result : outcome.errors,
  };
}

/**
 * The chunk's one report to its batch: counts of what D1 holds for its rows
 * (the first delivery's outcome, whichever delivery reports), and the results
 * of rows that carry a per-row idempotency key.
 */
export function chunkReport(chunk: Pick<PreparedChunk, "msg" | "keys">, results: readonly StoredOutcome[], stored: StoredChunk): ChunkReport {
  const failedRows = new Set(stored.failures.map((f) => f.rowNumber));
  const keyed_results: ChunkReport["keyed_results"] = [];
  for (const r of results) {
    const key = chunk.keys.get(r.rowNumber);
    if (key !== undefined && r.status === "succeeded" && !failedRows.has(r.rowNumber)) {
      keyed_results.push({ key, row_number: r.rowNumber, result: r.body as Record<string, unknown> });
    }
  }
  return { chunk_index: chunk.msg.chunk_index, rows_succeeded: stored.succeeded, rows_failed: stored.failures.length, keyed_results };
}
