import { QUEUE_LIMITS } from "../lib/platform-limits";
import { utf8Length } from "../lib/utf8";
import type { SourceFormat } from "../domain/vocabulary";
import { chunkPayloadKey, headerKey } from "../reports/keys";
import { INLINE_HEADER_MAX_BYTES, INLINE_ROWS_MAX_BYTES, type ChunkMessageInput } from "./chunk-message";

/** A ledger row as fan-out reads it. */
export type LedgerChunk = {
  chunk_index: number;
  first_row_number: number;
  row_count: number;
  /** UTF-8 bytes of `payload` */
  bytes: number;
  payload: string | null;
  encoding: "values" | "source_rows";
  original_rows: string | null;
  range_key: string | null;
  range_offset: number | null;
  range_length: number | null;
};

/** What the batch knows of its source, for range messages: format, CSV header, and the pinned version of its own-bucket object. */
export type RangeContext = { format: SourceFormat; header: string[] | null; headerJson: string | null; pinned: { key: string; etag: string } | null };

export type PlannedMessage = {
  body: ChunkMessageInput;
  /** the message's size as Queues counts it: body JSON plus metadata */
  bytes: number;
  /** an R2 object to write before the message is sent */
  put?: { key: string; value: string };
};

/**
 * The queue message for one chunk, within Queues' 128 KB: a byte range of the
 * source in R2, the rows themselves when small, or else a pointer to them in
 * R2. A CSV header longer than INLINE_HEADER_MAX_BYTES travels as a pointer
 * too (ingestion writes it to `headerKey` once). Pure.
 */
export function planChunkMessage(batch: { id: string; operation: ChunkMessageInput["operation"]; run?: { mapping: Record<string, string> | null } }, c: LedgerChunk, source: RangeContext | null): PlannedMessage {
  const base = {
    batch_id: batch.id,
    operation: batch.operation,
    chunk_index: c.chunk_index,
    first_row_number: c.first_row_number,
    row_count: c.row_count,
    encoding: c.encoding,
    ...(batch.run?.mapping ? { mapping: batch.run.mapping } : {}),
    ...(c.original_rows ? { original_row_numbers: JSON.parse(c.original_rows) as number[] } : {}),
  };
  const sized = (body: ChunkMessageInput, extraBytes = 0) => ({ body, bytes: utf8Length(JSON.stringify(body)) + extraBytes + QUEUE_LIMITS.messageOverheadBytes });
  if (c.range_key !== null && source) {
    const inlineHeader = source.headerJson === null || utf8Length(source.headerJson) <= INLINE_HEADER_MAX_BYTES;
    const header = inlineHeader ? { header: source.header } : { header: null, header_key: headerKey(batch.id) };
    const etag = source.pinned?.key === c.range_key ? { etag: source.pinned.etag } : {};
    return sized({ ...base, range: { key: c.range_key, offset: c.range_offset!, length: c.range_length!, format: source.format, ...header, ...etag } });
  }
  if (c.bytes <= INLINE_ROWS_MAX_BYTES) {
    // The rows' bytes are known: only the rest is measured.
    const withoutRows = sized({ ...base, rows: [] }, c.bytes - 2);
    return { body: { ...base, rows: JSON.parse(c.payload!) }, bytes: withoutRows.bytes };
  }
  const key = chunkPayloadKey(batch.id, c.chunk_index);
  return { ...sized({ ...base, rows_key: key }), put: { key, value: c.payload! } };
}
