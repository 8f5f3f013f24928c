import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import type { StoredRow } from "./outcome";

/**
 * A section: the rows of one chunk with one status (its results, or its
 * errors), stored as one value. Columnar JSON (row offsets from the chunk's
 * first row, source identifiers, original row numbers when any, bodies), so
 * no key repeats per row, then Brotli at quality 1: about 5× smaller than
 * the JSON on the bench's rows, at several hundred MB/s (docs/scale.md).
 */
type SectionJson = {
  /** encoding version */
  v: 1;
  /** row number − the chunk's first row number */
  r: number[];
  /** source identifiers */
  i: (string | null)[];
  /** original row numbers (replays only) */
  o?: (number | null)[];
  /** results or error lists */
  b: unknown[];
};

const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };

/**
 * The section's JSON text; `firstRow` is the chunk's first row number and
 * `bodies` the rows' bodies as JSON, made by the caller, which measures
 * each one on the way (see store-chunk.ts).
 */
export function sectionJson(firstRow: number, rows: readonly StoredRow[], bodies: readonly string[]): string {
  const originals = rows.some((r) => r.originalRowNumber !== null) ? `,"o":${JSON.stringify(rows.map((r) => r.originalRowNumber))}` : "";
  return `{"v":1,"r":${JSON.stringify(rows.map((r) => r.rowNumber - firstRow))},"i":${JSON.stringify(rows.map((r) => r.sourceIdentifier))}${originals},"b":[${bodies.join(",")}]}`;
}

/** A body as section JSON: `undefined` (no JSON at all) is stored as null. */
export const bodyJson = (body: unknown): string => JSON.stringify(body) ?? "null";

export const compressSection = (json: string): Uint8Array => brotliCompressSync(json, BROTLI);

export function decodeSection(firstRow: number, bytes: Uint8Array): StoredRow[] {
  const s = JSON.parse(brotliDecompressSync(bytes).toString("utf8")) as SectionJson;
  if (s.v !== 1) throw new Error(`unknown section encoding ${String(s.v)}`);
  return s.r.map((offset, k) => ({ rowNumber: firstRow + offset, originalRowNumber: s.o?.[k] ?? null, sourceIdentifier: s.i[k] ?? null, body: s.b[k] }));
}
