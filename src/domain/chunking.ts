import { sourceIdentifierOf, type SourceRow } from "./parse-rows";
import { rowTooLarge } from "./row-limits";

export type ChunkLimits = {
  /** most rows in one chunk */
  maxRows: number;
  /** most serialized bytes in one chunk; a single larger row still forms its own chunk */
  maxBytes: number;
  /** a row longer than this (its JSON) is replaced by a `row_too_large` row error, alone in its chunk */
  maxRowBytes?: number;
};

export type PlannedChunk = {
  index: number;
  /** 1-indexed row number of the chunk's first row */
  firstRowNumber: number;
  /** plain values, or (`source_rows`) a SourceRow standing for a row too large to keep */
  rows: unknown[];
  encoding: "values" | "source_rows";
  /** UTF-8 bytes of the rows serialized as a JSON array */
  bytes: number;
};

const encoder = new TextEncoder();
const sizeOf = (row: unknown) => encoder.encode(JSON.stringify(row) ?? "null").byteLength;

/**
 * Splits rows into consecutive chunks bounded by row count and byte size, so
 * chunk order is row order and every row lands in exactly one chunk.
 */
export function planChunks(rows: readonly unknown[], limits: ChunkLimits, firstRowNumber = 1): PlannedChunk[] {
  const chunks: PlannedChunk[] = [];
  let current: PlannedChunk | null = null;
  rows.forEach((row, i) => {
    const size = sizeOf(row);
    if (limits.maxRowBytes !== undefined && size > limits.maxRowBytes) {
      const error: SourceRow = rowTooLarge(sourceIdentifierOf(row));
      chunks.push({ index: chunks.length, firstRowNumber: firstRowNumber + i, rows: [error], encoding: "source_rows", bytes: sizeOf(error) + 2 });
      current = null;
      return;
    }
    const full = current !== null && (current.rows.length >= limits.maxRows || current.bytes + size + 1 > limits.maxBytes);
    if (current === null || full) {
      current = { index: chunks.length, firstRowNumber: firstRowNumber + i, rows: [], encoding: "values", bytes: 1 };
      chunks.push(current);
    }
    current.rows.push(row);
    current.bytes += size + 1;
  });
  return chunks;
}

/** Groups items so each group stays within a count and a byte budget (e.g. one `sendBatch` call). */
export function groupBySize<T>(items: readonly T[], sizeOf: (item: T) => number, maxCount: number, maxBytes: number): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (group.length > 0 && (group.length >= maxCount || bytes + size > maxBytes)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(item);
    bytes += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}
