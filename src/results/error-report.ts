import { rowRef } from "../reports/row-ref";
import type { StoredRow } from "./outcome";

/**
 * A chunk's error report: one BatchErrorRow per line, in row order, the
 * object `errors.jsonl` is made of.
 */
export const errorReportText = (failures: readonly StoredRow[]): string => failures.map((f) => errorLine(f)).join("");

export const errorLine = (f: StoredRow): string => JSON.stringify({ ...rowRef(f), errors: f.body }) + "\n";

export function parseErrorReport(text: string): StoredRow[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const r = JSON.parse(line) as { row_number: number; original_row_number?: number; source_identifier: string | null; errors: unknown };
      return { rowNumber: r.row_number, originalRowNumber: r.original_row_number ?? null, sourceIdentifier: r.source_identifier, body: r.errors };
    });
}
