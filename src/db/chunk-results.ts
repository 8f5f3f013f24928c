import { errorReportKey, resultsSectionKey } from "../reports/keys";

/** D1 statements of `chunk_results`: one row per processed chunk (schema/results.ts). */

export type SectionKind = "results" | "errors";

export type ChunkResultRow = {
  batchId: string;
  chunkIndex: number;
  firstRow: number;
  lastRow: number;
  succeeded: number;
  failed: number;
  sampleMin: number | null;
  delivery: string;
  results: Uint8Array | null;
  errors: Uint8Array | null;
};

/** What a chunk's stored row says, read back after an insert that may have lost to an earlier delivery. */
export type StoredChunkRow = Pick<ChunkResultRow, "succeeded" | "failed" | "errors" | "delivery">;

/** Where one section of a chunk is: inline bytes, or else an R2 key. */
export type SectionRef = { firstRow: number; lastRow: number; inline: Uint8Array | null; key: string };

/** R2 keys of a chunk's spilled results section and error report. */
export const sectionKey: Record<SectionKind, (batchId: string, chunkIndex: number, delivery: string) => string> = { results: resultsSectionKey, errors: errorReportKey };

const INSERT = `INSERT INTO chunk_results
  (batch_id, last_row, first_row, chunk_index, succeeded, failed, sample_min, delivery, results, errors)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING`;

const READ_BACK = "SELECT succeeded, failed, errors, delivery FROM chunk_results WHERE batch_id = ?1 AND last_row = ?2";

/**
 * Inserts a chunk's row unless a delivery before this one stored it, and
 * reads back what is stored, in one round trip: a redelivered chunk changes
 * nothing, and its caller reports what the first delivery stored.
 */
export async function insertChunkResult(d1: D1Database, row: ChunkResultRow): Promise<{ inserted: boolean; stored: StoredChunkRow }> {
  const [insert, read] = await d1.batch([
    d1
      .prepare(INSERT)
      .bind(row.batchId, row.lastRow, row.firstRow, row.chunkIndex, row.succeeded, row.failed, row.sampleMin, row.delivery, row.results, row.errors),
    d1.prepare(READ_BACK).bind(row.batchId, row.lastRow),
  ]);
  const stored = (read as D1Result<{ succeeded: number; failed: number; errors: unknown; delivery: string }>).results[0]!;
  return {
    inserted: insert!.meta.changes > 0,
    stored: { succeeded: stored.succeeded, failed: stored.failed, errors: bytesOf(stored.errors), delivery: stored.delivery },
  };
}

const SECTIONS_AFTER: Record<SectionKind, string> = {
  results: `SELECT first_row, last_row, chunk_index, delivery, results AS inline FROM chunk_results
    WHERE batch_id = ?1 AND last_row > ?2 AND succeeded > 0 ORDER BY last_row LIMIT ?3`,
  // failed > 0 selects the partial index; sample_min < ?4 keeps chunks holding a sampled row.
  errors: `SELECT first_row, last_row, chunk_index, delivery, errors AS inline FROM chunk_results
    WHERE batch_id = ?1 AND last_row > ?2 AND failed > 0 AND (?4 IS NULL OR sample_min < ?4) ORDER BY last_row LIMIT ?3`,
};

/** The statement reading up to `limit` chunks' sections of one kind, in row order, of chunks ending after `afterRow`. */
export function sectionsAfter(d1: D1Database, q: { batchId: string; kind: SectionKind; afterRow: number; limit: number; belowBucket: number | null }) {
  const statement = d1.prepare(SECTIONS_AFTER[q.kind]);
  return q.kind === "errors" ? statement.bind(q.batchId, q.afterRow, q.limit, q.belowBucket) : statement.bind(q.batchId, q.afterRow, q.limit);
}

export function sectionRefsOf(result: D1Result<unknown>, batchId: string, kind: SectionKind): SectionRef[] {
  return (result.results as { first_row: number; last_row: number; chunk_index: number; delivery: string; inline: unknown }[]).map((r) => ({
    firstRow: r.first_row,
    lastRow: r.last_row,
    inline: bytesOf(r.inline),
    key: sectionKey[kind](batchId, r.chunk_index, r.delivery),
  }));
}

/** Deletes up to `limit` of a batch's chunk rows; returns how many went. */
export async function deleteChunkResults(d1: D1Database, batchId: string, limit: number): Promise<number> {
  const res = await d1
    .prepare("DELETE FROM chunk_results WHERE batch_id = ?1 AND last_row IN (SELECT last_row FROM chunk_results WHERE batch_id = ?1 LIMIT ?2)")
    .bind(batchId, limit)
    .run();
  return res.meta.changes;
}

/** D1 hands a BLOB back as an array of byte values (an ArrayBuffer in some runtimes). */
function bytesOf(value: unknown): Uint8Array | null {
  if (value == null) return null;
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return Uint8Array.from(value as number[]);
}
