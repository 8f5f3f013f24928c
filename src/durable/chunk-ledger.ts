import type { PlannedChunk } from "../domain/chunking";
import type { LedgerChunk } from "../queues/plan-message";
import type { ChunkReport, ChunkStart, ReplayChunk, ReplayOnly } from "./batch-record";

const LEDGER_COLUMNS = "chunk_index, first_row_number, row_count, bytes, payload, encoding, original_rows, range_key, range_offset, range_length";

/**
 * The batch object's chunk ledger (`chunks`) and per-row idempotency map
 * (`row_keys`): every row of the batch is in exactly one chunk, and a chunk
 * is counted once. Call its writes inside the object's transactions.
 */
export class ChunkLedger {
  constructor(private readonly sql: SqlStorage) {}

  /** Records the chunks a create planned (inline rows). */
  addPlanned(chunks: readonly PlannedChunk[]): void {
    for (const c of chunks) {
      this.sql.exec(
        "INSERT INTO chunks (chunk_index, first_row_number, row_count, bytes, payload, encoding) VALUES (?, ?, ?, ?, ?, ?)",
        c.index, c.firstRowNumber, c.rows.length, c.bytes, JSON.stringify(c.rows), c.encoding,
      );
    }
  }

  /** Records a chunk of complete records at a byte range of an R2 object (ingestion). */
  addRange(index: number, firstRowNumber: number, rowCount: number, range: { key: string; offset: number; length: number }): void {
    this.sql.exec(
      "INSERT INTO chunks (chunk_index, first_row_number, row_count, bytes, range_key, range_offset, range_length) VALUES (?, ?, ?, ?, ?, ?, ?)",
      index, firstRowNumber, rowCount, range.length, range.key, range.offset, range.length,
    );
  }

  /**
   * Records rows as they were read (SourceRows: values, or errors such as
   * `row_too_large`), with each row's number in the first batch of a replay chain.
   */
  addSourceRows(index: number, chunk: Pick<PlannedChunk, "firstRowNumber" | "rows" | "bytes">, originalRows: readonly number[] | null): void {
    this.sql.exec(
      "INSERT INTO chunks (chunk_index, first_row_number, row_count, bytes, payload, encoding, original_rows) VALUES (?, ?, ?, ?, ?, 'source_rows', ?)",
      index, chunk.firstRowNumber, chunk.rows.length, chunk.bytes, JSON.stringify(chunk.rows), originalRows && JSON.stringify(originalRows),
    );
  }

  nextIndex(): number {
    return this.sql.exec<{ n: number }>("SELECT coalesce(max(chunk_index) + 1, 0) AS n FROM chunks").one().n;
  }

  /** Chunks not counted yet. */
  openCount(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM chunks WHERE done_at IS NULL").one().n;
  }

  /** Whether the chunk exists and is not counted yet. */
  isOpen(chunkIndex: number): boolean {
    return this.sql.exec("SELECT 1 FROM chunks WHERE chunk_index = ? AND done_at IS NULL", chunkIndex).toArray().length > 0;
  }

  /** Counts a reported chunk and keeps its keyed results; false when it was counted before. */
  recordReport(report: ChunkReport, now: string): boolean {
    if (!this.isOpen(report.chunk_index)) return false;
    this.sql.exec(
      "UPDATE chunks SET done_at = ?, rows_succeeded = ?, rows_failed = ? WHERE chunk_index = ?",
      now, report.rows_succeeded, report.rows_failed, report.chunk_index,
    );
    for (const k of report.keyed_results) {
      this.sql.exec("INSERT OR IGNORE INTO row_keys (key, row_number, result) VALUES (?, ?, ?)", k.key, k.row_number, JSON.stringify(k.result));
    }
    return true;
  }

  /** Results already recorded in this batch for these per-row idempotency keys. */
  cachedResults(keys: readonly string[]): Extract<ChunkStart, { run: true }>["cached"] {
    const cached: Extract<ChunkStart, { run: true }>["cached"] = {};
    if (keys.length === 0) return cached;
    const rows = this.sql.exec<{ key: string; row_number: number; result: string }>(
      "SELECT key, row_number, result FROM row_keys WHERE key IN (SELECT value FROM json_each(?))",
      JSON.stringify(keys),
    );
    for (const r of rows) cached[r.key] = { row_number: r.row_number, result: JSON.parse(r.result) };
    return cached;
  }

  /** The chunks holding these row numbers, each once, in order (each found through chunks_by_first_row). */
  chunksHolding(rowNumbers: readonly number[]): LedgerChunk[] {
    if (rowNumbers.length === 0) return [];
    return this.sql
      .exec<LedgerChunk>(
        `SELECT ${LEDGER_COLUMNS} FROM chunks WHERE chunk_index IN
           (SELECT (SELECT chunk_index FROM chunks WHERE first_row_number <= value ORDER BY first_row_number DESC LIMIT 1) FROM json_each(?))
         ORDER BY chunk_index`,
        JSON.stringify(rowNumbers),
      )
      .toArray();
  }

  /** Chunks not sent yet, in order, at most `limit`. */
  unsent(limit: number): LedgerChunk[] {
    return this.sql.exec<LedgerChunk>(`SELECT ${LEDGER_COLUMNS} FROM chunks WHERE enqueued_at IS NULL ORDER BY chunk_index LIMIT ?`, limit).toArray();
  }

  /**
   * Chunks that no consumer has started (those refused while the batch was
   * paused among them) become unsent, with their sends counted afresh, so
   * the next fan-out sends them again; returns how many. A copy still in the
   * queue is refused when it arrives, since its chunk is leased or done.
   */
  unsendUnstarted(): number {
    return this.sql.exec("UPDATE chunks SET enqueued_at = NULL, sends = 0 WHERE done_at IS NULL AND granted_ms IS NULL AND enqueued_at IS NOT NULL").rowsWritten;
  }

  markSent(chunkIndex: number, at: string): void {
    this.sql.exec("UPDATE chunks SET enqueued_at = ?, sends = sends + 1 WHERE chunk_index = ?", at, chunkIndex);
  }

  /** A page from `fromChunk` on, for a replay: every chunk, or only those with failures. */
  replayPage(fromChunk: number, limit: number, only: ReplayOnly): ReplayChunk[] {
    const failedOnly = only === "failed_rows" ? "AND rows_failed > 0" : "";
    return this.sql
      .exec<ReplayChunk>(`SELECT ${LEDGER_COLUMNS}, rows_failed FROM chunks WHERE chunk_index >= ? ${failedOnly} ORDER BY chunk_index LIMIT ?`, fromChunk, limit)
      .toArray();
  }

  /** Forgets the rows and per-row results (retention); the ledger's counts stay. */
  forgetRows(): void {
    this.sql.exec("UPDATE chunks SET payload = NULL");
    this.sql.exec("DELETE FROM row_keys");
  }
}
