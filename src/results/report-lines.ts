import { rowRef } from "../reports/row-ref";
import type { SectionKind } from "../db/chunk-results";
import type { StoredRow } from "./outcome";

/** One line of `errors.jsonl` (and of a chunk's error report in R2): a BatchErrorRow. */
export const errorLine = (f: StoredRow): string => JSON.stringify({ ...rowRef(f), errors: f.body }) + "\n";

/** One line of `result.jsonl`: a row that succeeded, with its result. */
export const resultLine = (r: StoredRow): string => JSON.stringify({ ...rowRef(r), result: r.body }) + "\n";

export const reportLine: Record<SectionKind, (r: StoredRow) => string> = { results: resultLine, errors: errorLine };

/** A chunk's error report: its failures, one line each, in row order. */
export const errorReportText = (failures: readonly StoredRow[]): string => failures.map((f) => errorLine(f)).join("");

export function parseErrorReport(text: string): StoredRow[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const r = JSON.parse(line) as { row_number: number; original_row_number?: number; source_identifier: string | null; errors: unknown };
      return { rowNumber: r.row_number, originalRowNumber: r.original_row_number ?? null, sourceIdentifier: r.source_identifier, body: r.errors };
    });
}
