import { parseCsvHeader } from "../domain/parse-rows";
import { bomLength, RECORD_START, scanRecords, skipRecord, type ScanState, type SourceFormat } from "../domain/record-scanner";
import { CSV_HEADER_MAX_BYTES, ROW_MAX_BYTES, rowTooLarge } from "../domain/row-limits";
import { configOf } from "../config";
import { logEvent } from "../lib/log";
import { utf8Length } from "../lib/utf8";
import { INLINE_HEADER_MAX_BYTES } from "../queues/chunk-message";
import { headerKey, rangeCopyKey } from "../reports/keys";
import { SourceLocation } from "../sources/location";
import { openSource } from "../sources/open-source";
import { SourceError, type SourceStat } from "../sources/types";
import { ByteWindow } from "./byte-window";
import type { ChunkLedger } from "./chunk-ledger";
import type { ReaderHost } from "./reader-host";

/** The ingestion checkpoint: always at a record boundary, so a restart re-reads nothing twice. */
export type Checkpoint = {
  location: SourceLocation;
  format: SourceFormat;
  stat: SourceStat | null;
  offset: number;
  rows: number;
  header: string[] | null;
  /** while a row too large to read is being skipped: where the scan of it stands at `offset` */
  skip: ScanState | null;
  done: boolean;
};

type IngestRow = {
  location: string;
  format: SourceFormat;
  size: number | null;
  ranges: number | null;
  offset: number;
  rows: number;
  header: string | null;
  skip_state: ScanState | null;
  etag: string | null;
  done: number;
};

const FIRST_SEGMENT_BYTES = 64 * 1024;
const decoder = new TextDecoder();

export function startIngestion(sql: SqlStorage, location: SourceLocation, format: SourceFormat): void {
  sql.exec("INSERT INTO ingest (id, location, format) VALUES (1, ?, ?)", JSON.stringify(location), format);
}

export function loadCheckpoint(sql: SqlStorage): Checkpoint | null {
  const row = sql.exec<IngestRow>("SELECT location, format, size, ranges, offset, rows, header, skip_state, etag, done FROM ingest WHERE id = 1").toArray()[0];
  if (!row) return null;
  return {
    location: SourceLocation.parse(JSON.parse(row.location)),
    format: row.format,
    stat: row.ranges === null ? null : { size: row.size, ranges: row.ranges === 1, ...(row.etag !== null && { etag: row.etag }) },
    offset: row.offset,
    rows: row.rows,
    header: row.header === null ? null : JSON.parse(row.header),
    skip: row.skip_state,
    done: row.done === 1,
  };
}

/** The object in this service's own bucket a batch reads, with the version it read: later reads of its ranges must match. */
export function pinnedObject(cp: Checkpoint | null): { key: string; etag: string } | null {
  return cp?.location.type === "r2" && cp.stat?.etag ? { key: cp.location.key, etag: cp.stat.etag } : null;
}

/** Where the source is, pinned to the version this batch read (for a replay of all rows). */
export function pinnedLocation(cp: Checkpoint): SourceLocation {
  const pin = pinnedObject(cp);
  return pin && cp.location.type === "r2" ? { ...cp.location, etag: pin.etag } : cp.location;
}

/** Whether a source is still being read (cheaper than loading the checkpoint). */
export function ingestionPending(sql: SqlStorage): boolean {
  return sql.exec<{ done: number }>("SELECT done FROM ingest WHERE id = 1").toArray()[0]?.done === 0;
}

function saveCheckpoint(sql: SqlStorage, c: Checkpoint): void {
  sql.exec(
    "UPDATE ingest SET size = ?, ranges = ?, etag = ?, offset = ?, rows = ?, header = ?, skip_state = ?, done = ? WHERE id = 1",
    c.stat?.size ?? null, c.stat === null ? null : c.stat.ranges ? 1 : 0, c.stat?.etag ?? null, c.offset, c.rows, c.header === null ? null : JSON.stringify(c.header), c.skip, c.done ? 1 : 0,
  );
}


/**
 * Reads the source from its checkpoint until the end or the deadline: each
 * segment is scanned for record boundaries, its complete records become one
 * chunk (a byte range in R2; external sources are copied there once), and
 * the chunk and the new checkpoint are written in one transaction before the
 * chunk is sent. A record longer than ROW_MAX_BYTES is never held: its end is
 * found segment by segment and it becomes a chunk of one `row_too_large` row
 * error. Throws SourceError when the source itself is unreadable.
 */
export async function ingest(host: ReaderHost, deadline: number): Promise<Checkpoint> {
  let cp = loadCheckpoint(host.sql)!;
  if (cp.done) return cp;
  const reader = openSource(host.env, cp.location, host.projectId);
  if (cp.stat === null) {
    cp = { ...cp, stat: await reader.stat() };
    host.transaction(() => saveCheckpoint(host.sql, cp));
  }
  const maxSegment = configOf(host.env).INGEST_SEGMENT_BYTES;
  // Slow start: the first ranges are small so the first rows finish within
  // moments of creation, then segments double up to their full size.
  const segmentFor = (index: number) => Math.min(maxSegment, FIRST_SEGMENT_BYTES * 2 ** index);
  const window = new ByteWindow(await reader.streamFrom(cp.offset, cp.stat!));
  let want = segmentFor(host.ledger.nextIndex());
  let copied = 0;
  /** Saves the next checkpoint, with the chunk it completes if any, in one transaction; then sends the chunk. */
  const advance = async (next: Checkpoint, chunk: ChunkInsert | null) => {
    host.transaction(() => {
      if (chunk) insertChunk(host.ledger, chunk);
      saveCheckpoint(host.sql, next);
    });
    cp = next;
    if (chunk) await host.enqueuePending();
  };
  try {
    while (!cp.done && Date.now() < deadline && host.running()) {
      // Streams hand over chunks of any size: look at one segment at a time.
      const filled = await window.fill(want);
      const bytes = filled.bytes.subarray(0, want);
      const eof = filled.eof && filled.bytes.length <= want;
      if (cp.offset === 0) assertText(bytes, cp.format);
      if (cp.skip !== null) {
        const skipped = skipRecord(bytes, cp.format, cp.skip);
        const used = skipped.end ?? bytes.length;
        window.consume(used);
        const ended = skipped.end !== null || eof;
        const next: Checkpoint = { ...cp, offset: cp.offset + used, rows: cp.rows + (ended ? 1 : 0), skip: ended ? null : skipped.state, done: eof && used === bytes.length };
        await advance(next, ended ? { index: host.ledger.nextIndex(), firstRowNumber: cp.rows + 1, tooLarge: true } : null);
        continue;
      }
      if (cp.format === "csv" && cp.header === null) {
        const bom = bomLength(bytes);
        const first = scanRecords(bytes.subarray(bom), "csv", eof, { maxRecords: 1, maxRecordBytes: CSV_HEADER_MAX_BYTES });
        if (first.oversized) throw new SourceError("source_unreadable", `The CSV header line is longer than ${CSV_HEADER_MAX_BYTES} bytes (64 KiB)`);
        if (first.records === 0) {
          if (eof) throw new SourceError("source_unreadable", "The CSV has no header row");
          want *= 2;
          continue;
        }
        const header = parseCsvHeader(decoder.decode(bytes.subarray(bom, bom + first.consumed)));
        const json = JSON.stringify(header);
        // Too big to ride in every range message: consumers read it from R2 (src/queues/plan-message.ts).
        if (utf8Length(json) > INLINE_HEADER_MAX_BYTES) await host.env.BUCKET.put(headerKey(host.batchId), json);
        await advance({ ...cp, header, offset: cp.offset + bom + first.consumed }, null);
        window.consume(bom + first.consumed);
        continue;
      }
      const scan = scanRecords(bytes, cp.format, eof, { maxRecordBytes: ROW_MAX_BYTES, ...(host.maxRangeRows !== null && { maxRecords: host.maxRangeRows }) });
      if (scan.consumed === 0 && scan.oversized) {
        cp = { ...cp, skip: RECORD_START };
        continue;
      }
      if (scan.consumed === 0 && !eof) {
        // A record longer than the segment: a bigger one holds it (past ROW_MAX_BYTES the scan says oversized).
        want *= 2;
        continue;
      }
      const index = host.ledger.nextIndex();
      want = segmentFor(index + 1);
      const slice = bytes.subarray(0, scan.consumed);
      let range = { key: "", offset: cp.offset, length: scan.consumed };
      if (cp.location.type === "r2") range.key = cp.location.key;
      else if (scan.records > 0) {
        range = { key: rangeCopyKey(host.batchId, index), offset: 0, length: scan.consumed };
        await host.env.BUCKET.put(range.key, slice);
        copied += scan.consumed;
      }
      const next: Checkpoint = { ...cp, offset: cp.offset + scan.consumed, rows: cp.rows + scan.records, done: eof && scan.consumed === bytes.length };
      window.consume(scan.consumed);
      await advance(next, scan.records > 0 ? { index, firstRowNumber: cp.rows + 1, rowCount: scan.records, range } : null);
      // Let the object answer consumers and polls between segments: reading a local
      // source can otherwise run a whole slice without giving them a turn.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    await window.close();
  }
  logEvent("batch.ingested", { batch_id: host.batchId, offset: cp.offset, rows: cp.rows, done: cp.done, copied_bytes: copied });
  return cp;
}

/** A chunk ingestion records: complete records at a byte range of R2, or one row too large to read. */
type ChunkInsert =
  | { index: number; firstRowNumber: number; rowCount: number; range: { key: string; offset: number; length: number } }
  | { index: number; firstRowNumber: number; tooLarge: true };

function insertChunk(ledger: ChunkLedger, c: ChunkInsert): void {
  if ("range" in c) return ledger.addRange(c.index, c.firstRowNumber, c.rowCount, c.range);
  const rows = [rowTooLarge()];
  ledger.addSourceRows(c.index, { firstRowNumber: c.firstRowNumber, rows, bytes: utf8Length(JSON.stringify(rows)) }, null);
}

/** CSV and JSONL are text: a NUL byte at the start means some other kind of file. */
function assertText(bytes: Uint8Array, format: SourceFormat): void {
  if (bytes.subarray(0, 8192).includes(0)) throw new SourceError("source_unreadable", `The source is not a ${format.toUpperCase()} text file`);
}
