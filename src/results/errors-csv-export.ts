import type { SourceFormat } from "../domain/vocabulary";
import { ledgerRowsAt, readRange } from "../queues/chunk-rows";
import type { LedgerChunk } from "../queues/plan-message";
import { StoredSourceRow } from "../queues/chunk-message";
import { streamParts } from "../reports/stream-parts";
import type { Segment } from "./download";
import { cellsOfValue, errorsCsvRecord, errorsCsvText, keysOf, sourceCellsOf, unionOfKeys, type SourceCells } from "./errors-csv";
import type { StoredRow } from "./outcome";
import { storedRows } from "./read-rows";
import type { ResultStores } from "./stores";

/** What the batch object knows of where its rows are: its source's shape and its chunk ledger. */
export type RowsSource = {
  format: SourceFormat | null;
  header: string[] | null;
  pinned: { key: string; etag: string } | null;
  /** the chunks holding these row numbers, each once */
  chunksHolding(rowNumbers: readonly number[]): LedgerChunk[];
};

type FailedRow = { failure: StoredRow; cells: SourceCells };

/**
 * A segment's failed rows with their own cells, a few chunks at a time: the
 * error report says which rows failed and why, the batch's chunks (kept
 * payloads, or byte ranges of the source version it read) give their cells.
 * Only chunks with failures are read.
 */
async function* failedRowsOf(stores: ResultStores, batchId: string, segment: Segment, source: RowsSource): AsyncGenerator<FailedRow[]> {
  const through = segment.throughRow === null ? {} : { throughRow: segment.throughRow };
  for await (const failures of storedRows(stores, { batchId, kind: "errors", afterRow: segment.afterRow, ...through })) {
    const cells = new Map<number, SourceCells>();
    // A step holds a few chunks' failures (read-rows.ts): their chunks are read at once.
    const chunks = source.chunksHolding(failures.map((f) => f.rowNumber));
    const read = await Promise.all(chunks.map((chunk) => chunkCells(stores.bucket, chunk, source)));
    chunks.forEach((chunk, k) => read[k]!.forEach((c, i) => cells.set(chunk.first_row_number + i, c)));
    yield failures.map((failure) => ({ failure, cells: cells.get(failure.rowNumber) ?? null }));
  }
}

async function chunkCells(bucket: R2Bucket, chunk: LedgerChunk, source: RowsSource): Promise<SourceCells[]> {
  const at = ledgerRowsAt(chunk, source);
  if ("payload" in at) return at.payload.map(at.encoding === "values" ? cellsOfValue : cellsOfStoredRow);
  const read = await readRange(bucket, at.range);
  // The source changed since the batch read it: its rows' cells are unknown, their errors still listed.
  return read === "changed" ? [] : sourceCellsOf(read.text, at.range.format, read.header);
}

/** A row a replay kept as it read it: its cells, unless it was kept as unreadable. */
function cellsOfStoredRow(stored: unknown): SourceCells {
  const row = StoredSourceRow.safeParse(stored);
  return row.success && row.data.ok ? cellsOfValue(row.data.value) : null;
}

/** The keys of a segment's failed rows, in first-seen order (the columns of a JSONL or inline source). */
export async function failedRowKeys(stores: ResultStores, batchId: string, segment: Segment, source: RowsSource): Promise<string[]> {
  const keys = new Set<string>();
  for await (const step of failedRowsOf(stores, batchId, segment, source)) unionOfKeys(step.map((r) => keysOf(r.cells)), keys);
  return [...keys];
}

/** A segment of `errors.csv` (records only, no header), read in the invocation that calls this. */
export function errorsCsvSegment(stores: ResultStores, batchId: string, segment: Segment, source: RowsSource, columns: readonly string[]): ReadableStream<Uint8Array> {
  async function* parts() {
    for await (const step of failedRowsOf(stores, batchId, segment, source)) yield errorsCsvText(step.map((r) => errorsCsvRecord(columns, r.cells, r.failure)));
  }
  return streamParts(parts());
}
