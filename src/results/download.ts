import type { SectionKind } from "../db/chunk-results";
import { streamParts } from "../reports/stream-parts";
import { storedRows } from "./read-rows";
import { reportLine } from "./report-lines";
import type { ResultStores } from "./stores";

/** Rows after `afterRow` through `throughRow` (null: to the end). */
export type Segment = { afterRow: number; throughRow: number | null };

const BOUNDS: Record<SectionKind, string> = {
  results: "succeeded > 0",
  errors: "failed > 0",
};

/**
 * A full download cut into segments of at most `sectionsPerCall` chunks with
 * rows of the kind, each read by one invocation: a Worker request may make
 * 10,000 subrequests (R2 reads among them) and 1,000 D1 queries, and a big
 * batch has more spilled sections than that (docs/scale.md).
 */
export async function downloadSegments(db: D1Database, batchId: string, kind: SectionKind, sectionsPerCall: number): Promise<Segment[]> {
  const { results } = await db
    .prepare(
      `SELECT last_row FROM (SELECT last_row, row_number() OVER (ORDER BY last_row) AS k FROM chunk_results WHERE batch_id = ?1 AND ${BOUNDS[kind]})
       WHERE k % ?2 = 0 ORDER BY last_row`,
    )
    .bind(batchId, sectionsPerCall)
    .all<{ last_row: number }>();
  const cuts = results.map((r) => r.last_row);
  return [0, ...cuts].map((afterRow, i) => ({ afterRow, throughRow: cuts[i] ?? null }));
}

/** One segment of a download as JSONL bytes, read in the invocation that calls this. */
export function segmentJsonl(stores: ResultStores, batchId: string, kind: SectionKind, segment: Segment): ReadableStream<Uint8Array> {
  const rows = storedRows(stores, { batchId, kind, afterRow: segment.afterRow, ...(segment.throughRow === null ? {} : { throughRow: segment.throughRow }) });
  const line = reportLine[kind];
  async function* parts() {
    for await (const step of rows) yield step.map(line).join("");
  }
  return streamParts(parts());
}
