import { z } from "zod";
import { parseRows, type SourceRow } from "../domain/parse-rows";
import type { SourceFormat } from "../domain/vocabulary";
import { asSourceRows } from "../operations/validate-rows";
import { StoredSourceRow } from "./chunk-message";
import type { LedgerChunk } from "./plan-message";

/** Where a chunk's rows are: a JSON payload (values or StoredSourceRow), or a byte range of a source in R2. */
export type ChunkRowsAt =
  | { payload: unknown[]; encoding: "values" | "source_rows" }
  | { range: { key: string; offset: number; length: number; format: SourceFormat; header: string[] | null; header_key?: string; etag?: string } };

const StoredRows = z.array(StoredSourceRow);

const SOURCE_CHANGED = { code: "source_changed", message: "The source file changed after the batch read it: these rows cannot be read as they were" };

/** The chunk's rows, exactly `rowCount` of them. */
export async function readChunkRows(bucket: R2Bucket, at: ChunkRowsAt, rowCount: number): Promise<SourceRow[]> {
  if ("payload" in at) return at.encoding === "values" ? asSourceRows(at.payload) : StoredRows.parse(at.payload);
  const read = await readRange(bucket, at.range);
  // Another version of the file: its bytes at these offsets are not this chunk's rows.
  if (read === "changed") return Array.from({ length: rowCount }, () => ({ ok: false, errors: [SOURCE_CHANGED], sourceIdentifier: null }));
  return fitToCount(parseRows(read.text, at.range.format, read.header), rowCount);
}

type RangeAt = Extract<ChunkRowsAt, { range: unknown }>["range"];

/** A range's text and the CSV header to read it with; "changed" when the object is no longer the version the batch read. */
export async function readRange(bucket: R2Bucket, range: RangeAt): Promise<{ text: string; header: string[] | null } | "changed"> {
  const conditional = range.etag ? { onlyIf: { etagMatches: range.etag } } : {};
  const [object, header] = await Promise.all([bucket.get(range.key, { range: { offset: range.offset, length: range.length }, ...conditional }), headerOf(bucket, range)]);
  if (!object) throw new Error(`source range ${range.key} is missing`);
  if (!("body" in object)) return "changed";
  return { text: await object.text(), header };
}

/** Where a ledger chunk's rows are: its payload, or its byte range of the source (pinned to the version the batch read). */
export function ledgerRowsAt(
  chunk: Pick<LedgerChunk, "payload" | "encoding" | "range_key" | "range_offset" | "range_length">,
  source: { format: SourceFormat | null; header: string[] | null; pinned: { key: string; etag: string } | null },
): ChunkRowsAt {
  if (chunk.payload !== null) return { payload: JSON.parse(chunk.payload), encoding: chunk.encoding };
  const etag = source.pinned?.key === chunk.range_key ? { etag: source.pinned.etag } : {};
  return { range: { key: chunk.range_key!, offset: chunk.range_offset!, length: chunk.range_length!, format: source.format!, header: source.header, ...etag } };
}

/** The CSV header, from the message or, when it was too big to ride there, from R2. */
async function headerOf(bucket: R2Bucket, range: { header: string[] | null; header_key?: string }): Promise<string[] | null> {
  if (range.header_key === undefined) return range.header;
  const object = await bucket.get(range.header_key);
  if (!object) throw new Error(`CSV header ${range.header_key} is missing`);
  return z.array(z.string()).parse(await object.json());
}

/**
 * The splitter counted the rows; the parser must yield as many. They agree
 * on well-formed files (tests hold them to it); if some malformed input
 * makes them differ, rows are padded or merged as errors so every counted
 * row is accounted for once.
 */
function fitToCount(rows: SourceRow[], count: number): SourceRow[] {
  if (rows.length === count) return rows;
  const error = { code: "malformed_row", message: "This part of the file could not be split into rows reliably" };
  const fitted = rows.slice(0, count);
  while (fitted.length < count) fitted.push({ ok: false, errors: [error], sourceIdentifier: null });
  if (rows.length > count) fitted[count - 1] = { ok: false, errors: [error], sourceIdentifier: null };
  return fitted;
}
