import { z } from "zod";
import { sourceIdentifierOf, type SourceRow } from "../domain/parse-rows";

export { sourceIdentifierOf };
import type { RowError, ValidRow } from "./types";

export type RowFailure = { rowNumber: number; errors: RowError[] };

/** Values as source rows that were read without trouble (inline rows, for one). */
export const asSourceRows = (values: readonly unknown[]): SourceRow[] => values.map((value) => ({ ok: true, value }));

/**
 * The row schema of operations that take any JSON object. validateRows knows
 * it and skips zod for it: zod would only copy each row, and without `eval`
 * (not allowed in Workers) its per-row cost is a fair share of a chunk's time.
 */
export const AnyObjectRow = z.record(z.string(), z.unknown());

/** Splits a chunk into rows that pass the operation's row schema and row errors naming each bad field. */
export function validateRows<R>(
  schema: z.ZodType<R>,
  rows: readonly SourceRow[],
  firstRowNumber: number,
): { valid: ValidRow<R>[]; invalid: RowFailure[] } {
  const valid: ValidRow<R>[] = [];
  const invalid: RowFailure[] = [];
  rows.forEach((source, i) => {
    const rowNumber = firstRowNumber + i;
    if (!source.ok) {
      invalid.push({ rowNumber, errors: source.errors });
      return;
    }
    const raw = source.value;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      invalid.push({ rowNumber, errors: [{ code: "invalid_row", message: "Row must be a JSON object" }] });
      return;
    }
    if ((schema as z.ZodType) === AnyObjectRow) {
      valid.push({ rowNumber, row: raw as R });
      return;
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) valid.push({ rowNumber, row: parsed.data });
    // Given per-call options, zod parses each row 2.5 times slower: only a
    // failing row is parsed again for its messages.
    else invalid.push({ rowNumber, errors: schema.safeParse(raw, { error: missingFieldMessage }).error!.issues.map(toRowError) });
  });
  return { valid, invalid };
}

/** "Required" for an absent field, instead of zod's "expected string, received undefined". */
const missingFieldMessage = (issue: z.core.$ZodRawIssue) =>
  issue.code === "invalid_type" && issue.input === undefined ? "Required" : undefined;

function toRowError(issue: z.core.$ZodIssue): RowError {
  const field = issue.path.join(".");
  return { code: "validation_failed", message: issue.message, ...(field ? { field } : {}) };
}
