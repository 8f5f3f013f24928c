import type { RowError, SourceRow } from "./parse-rows";

/**
 * The contract's limits on what one row and a CSV header may be (see
 * CONTRACT.md "Limits"). A row over ROW_MAX_BYTES is a row error, never read
 * into memory; a header over CSV_HEADER_MAX_BYTES fails the batch. Both are
 * bytes of the source without the line ending (an inline row: its JSON).
 */
export const ROW_MAX_BYTES = 1024 * 1024;
export const CSV_HEADER_MAX_BYTES = 64 * 1024;

export function rowTooLarge(sourceIdentifier: string | null = null): SourceRow & { ok: false } {
  const error: RowError = { code: "row_too_large", message: `The row is longer than ${ROW_MAX_BYTES} bytes (1 MiB)` };
  return { ok: false, errors: [error], sourceIdentifier };
}
