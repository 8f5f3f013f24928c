import { insertChunkResult, sectionKey, type ChunkResultRow, type SectionKind, type StoredChunkRow } from "../db/chunk-results";
import { sampleBucket } from "../domain/sampling";
import { utf8BytesAtMost } from "../lib/utf8";
import { errorReportText, parseErrorReport } from "./report-lines";
import { RESULT_TOO_LARGE, ROW_OUTCOME_MAX_BYTES, type RowOutcome, type StoredRow } from "./outcome";
import { bodyJson, compressSection, decodeSection, sectionJson } from "./section";
import type { ResultStores } from "./stores";

/**
 * A section at most this long (compressed) is stored in its D1 row; a longer
 * one in R2. Small enough that D1 holds about 2 KB per chunk at most
 * (docs/scale.md), large enough that small batches and sparse failures are
 * read from D1 alone.
 */
export const INLINE_SECTION_MAX_BYTES = 1024;

/** What is stored for a chunk's rows: the counts and failures the batch and its reports go by. */
export type StoredChunk = { succeeded: number; failures: StoredRow[]; r2Writes: number };

export type ChunkPlace = { batchId: string; chunkIndex: number; firstRow: number; rowCount: number; delivery: string };

/**
 * Stores a chunk's outcomes: its R2 objects first (the error report, the
 * results section when too big to be inline), then its one D1 row, which
 * names them. A chunk delivered again stores nothing new (its objects are
 * deleted) and answers what the first delivery stored, so counters, pages
 * and reports always agree.
 */
export async function storeChunkOutcomes(stores: ResultStores, place: ChunkPlace, outcomes: readonly RowOutcome[]): Promise<StoredChunk> {
  const { succeeded, failed, json } = sectionsOf(place.firstRow, outcomes);
  const results = succeeded.length > 0 ? compressSection(json.results) : null;
  const errors = failed.length > 0 ? compressSection(json.errors) : null;
  const row: ChunkResultRow = {
    batchId: place.batchId,
    chunkIndex: place.chunkIndex,
    firstRow: place.firstRow,
    lastRow: place.firstRow + place.rowCount - 1,
    succeeded: succeeded.length,
    failed: failed.length,
    sampleMin: failed.reduce<number | null>((min, f) => Math.min(min ?? Infinity, sampleBucket(f.rowNumber)), null),
    delivery: place.delivery,
    results: results && results.byteLength <= INLINE_SECTION_MAX_BYTES ? results : null,
    errors: errors && errors.byteLength <= INLINE_SECTION_MAX_BYTES ? errors : null,
  };
  const keyOf = (kind: SectionKind, delivery = place.delivery) => sectionKey[kind](place.batchId, place.chunkIndex, delivery);
  const objects: { key: string; value: Uint8Array | string; options?: R2PutOptions }[] = [];
  if (results && !row.results) objects.push({ key: keyOf("results"), value: results });
  if (failed.length > 0) objects.push({ key: keyOf("errors"), value: errorReportText(failed), options: { httpMetadata: { contentType: "application/x-ndjson" } } });
  await Promise.all(objects.map((o) => stores.bucket.put(o.key, o.value, o.options)));

  const { inserted, stored } = await insertChunkResult(stores.db, row);
  const r2Writes = objects.length;
  if (inserted) return { succeeded: succeeded.length, failures: failed, r2Writes };
  // An earlier delivery's row stands: this one's objects name nothing.
  if (objects.length > 0) await stores.bucket.delete(objects.map((o) => o.key));
  return { succeeded: stored.succeeded, failures: await storedFailures(stores.bucket, place.firstRow, stored, keyOf("errors", stored.delivery)), r2Writes };
}

/** The failures a chunk's stored row names, from its inline section or its error report. */
async function storedFailures(bucket: R2Bucket, firstRow: number, stored: StoredChunkRow, reportKey: string): Promise<StoredRow[]> {
  if (stored.failed === 0) return [];
  if (stored.errors) return decodeSection(firstRow, stored.errors);
  const report = await bucket.get(reportKey);
  if (!report) throw new Error(`error report ${reportKey} is missing`);
  return parseErrorReport(await report.text());
}

/**
 * The chunk's rows split by status, with each section's JSON. Each body is
 * made JSON once, on its own, which measures it: a row whose result (or
 * errors) is longer than ROW_OUTCOME_MAX_BYTES becomes `result_too_large`.
 */
function sectionsOf(firstRow: number, outcomes: readonly RowOutcome[]) {
  const succeeded: RowOutcome[] = [];
  const failed: RowOutcome[] = [];
  const bodies = { results: [] as string[], errors: [] as string[] };
  for (const outcome of outcomes) {
    let row = outcome;
    let body = bodyJson(row.body);
    if (!utf8BytesAtMost(body, ROW_OUTCOME_MAX_BYTES)) {
      row = { ...row, status: "failed", body: [RESULT_TOO_LARGE] };
      body = bodyJson(row.body);
    }
    (row.status === "succeeded" ? succeeded : failed).push(row);
    (row.status === "succeeded" ? bodies.results : bodies.errors).push(body);
  }
  const json = { results: sectionJson(firstRow, succeeded, bodies.results), errors: sectionJson(firstRow, failed, bodies.errors) };
  return { succeeded, failed, json };
}
