import { parseCsvHeader } from "../domain/parse-rows";
import { bomLength, scanRecords, type SourceFormat } from "../domain/record-scanner";
import type { Bindings } from "../env";
import { logEvent } from "../lib/log";
import { rangeCopyKey } from "../reports/keys";
import { SourceLocation } from "../sources/location";
import { openSource } from "../sources/open-source";
import { SourceError, assertWithinCap, type SourceStat } from "../sources/types";
import { ByteWindow } from "./byte-window";

/** The ingestion checkpoint: always at a record boundary, so a restart re-reads nothing twice. */
export type Checkpoint = {
  location: SourceLocation;
  format: SourceFormat;
  stat: SourceStat | null;
  offset: number;
  rows: number;
  header: string[] | null;
  done: boolean;
};

type IngestRow = { location: string; format: SourceFormat; size: number | null; ranges: number | null; offset: number; rows: number; header: string | null; done: number };

const FIRST_SEGMENT_BYTES = 64 * 1024;
/** A record may not be longer than this; past it the source is not CSV/JSONL we can read. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;
const decoder = new TextDecoder();

export function startIngestion(sql: SqlStorage, location: SourceLocation, format: SourceFormat): void {
  sql.exec("INSERT INTO ingest (id, location, format) VALUES (1, ?, ?)", JSON.stringify(location), format);
}

export function loadCheckpoint(sql: SqlStorage): Checkpoint | null {
  const row = sql.exec<IngestRow>("SELECT location, format, size, ranges, offset, rows, header, done FROM ingest WHERE id = 1").toArray()[0];
  if (!row) return null;
  return {
    location: SourceLocation.parse(JSON.parse(row.location)),
    format: row.format,
    stat: row.ranges === null ? null : { size: row.size, ranges: row.ranges === 1 },
    offset: row.offset,
    rows: row.rows,
    header: row.header === null ? null : JSON.parse(row.header),
    done: row.done === 1,
  };
}

/** Whether a source is still being read (cheaper than loading the checkpoint). */
export function ingestionPending(sql: SqlStorage): boolean {
  return sql.exec<{ done: number }>("SELECT done FROM ingest WHERE id = 1").toArray()[0]?.done === 0;
}

function saveCheckpoint(sql: SqlStorage, c: Checkpoint): void {
  sql.exec(
    "UPDATE ingest SET size = ?, ranges = ?, offset = ?, rows = ?, header = ?, done = ? WHERE id = 1",
    c.stat?.size ?? null, c.stat === null ? null : c.stat.ranges ? 1 : 0, c.offset, c.rows, c.header === null ? null : JSON.stringify(c.header), c.done ? 1 : 0,
  );
}

export type IngestionHost = {
  sql: SqlStorage;
  transaction<T>(fn: () => T): T;
  env: Bindings;
  batchId: string;
  projectId: string;
  /** the next chunk index in the ledger */
  nextChunkIndex(): number;
  /** sends every recorded chunk not yet sent */
  enqueuePending(): Promise<void>;
  /** false once the batch was cancelled or failed: reading stops */
  running(): boolean;
};

/**
 * Reads the source from its checkpoint until the end or the deadline: each
 * segment is scanned for record boundaries, its complete records become one
 * chunk (a byte range in R2; external sources are copied there once), and
 * the chunk and the new checkpoint are written in one transaction before the
 * chunk is sent. Throws SourceError when the source itself is unreadable.
 */
export async function ingest(host: IngestionHost, deadline: number): Promise<Checkpoint> {
  let cp = loadCheckpoint(host.sql)!;
  if (cp.done) return cp;
  const reader = openSource(host.env, cp.location, host.projectId);
  if (cp.stat === null) {
    const stat = await reader.stat();
    assertWithinCap(stat);
    cp = { ...cp, stat };
    host.transaction(() => saveCheckpoint(host.sql, cp));
  }
  const maxSegment = Number(host.env.INGEST_SEGMENT_BYTES) || 1024 * 1024;
  // Slow start: the first ranges are small so the first rows finish within
  // moments of creation, then segments double up to their full size.
  const segmentFor = (index: number) => Math.min(maxSegment, FIRST_SEGMENT_BYTES * 2 ** index);
  const window = new ByteWindow(await reader.streamFrom(cp.offset, cp.stat!));
  let want = segmentFor(host.nextChunkIndex());
  let copied = 0;
  try {
    while (!cp.done && Date.now() < deadline && host.running()) {
      // Streams hand over chunks of any size: look at one segment at a time.
      const filled = await window.fill(want);
      const bytes = filled.bytes.subarray(0, want);
      const eof = filled.eof && filled.bytes.length <= want;
      if (cp.offset === 0) assertText(bytes, cp.format);
      if (cp.format === "csv" && cp.header === null) {
        const bom = bomLength(bytes);
        const first = scanRecords(bytes.subarray(bom), "csv", eof, { maxRecords: 1 });
        if (first.records === 0) {
          if (eof) throw new SourceError("source_unreadable", "The CSV has no header row");
          want = grow(want, bytes.length);
          continue;
        }
        const header = parseCsvHeader(decoder.decode(bytes.subarray(bom, bom + first.consumed)));
        cp = { ...cp, header, offset: cp.offset + bom + first.consumed };
        host.transaction(() => saveCheckpoint(host.sql, cp));
        window.consume(bom + first.consumed);
        continue;
      }
      const scan = scanRecords(bytes, cp.format, eof);
      if (scan.consumed === 0 && !eof) {
        want = grow(want, bytes.length);
        continue;
      }
      const index = host.nextChunkIndex();
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
      host.transaction(() => {
        if (scan.records > 0) {
          host.sql.exec(
            "INSERT INTO chunks (chunk_index, first_row_number, row_count, bytes, range_key, range_offset, range_length) VALUES (?, ?, ?, ?, ?, ?, ?)",
            index, cp.rows + 1, scan.records, scan.consumed, range.key, range.offset, range.length,
          );
        }
        saveCheckpoint(host.sql, next);
      });
      cp = next;
      window.consume(scan.consumed);
      await host.enqueuePending();
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

function grow(want: number, have: number): number {
  if (have >= MAX_RECORD_BYTES) throw new SourceError("source_unreadable", `A record is longer than ${MAX_RECORD_BYTES} bytes: is this really CSV/JSONL?`);
  return Math.min(MAX_RECORD_BYTES, want * 2);
}

/** CSV and JSONL are text: a NUL byte at the start means some other kind of file. */
function assertText(bytes: Uint8Array, format: SourceFormat): void {
  if (bytes.subarray(0, 8192).includes(0)) throw new SourceError("source_unreadable", `The source is not a ${format.toUpperCase()} text file`);
}
