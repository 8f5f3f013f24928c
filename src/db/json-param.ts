import { groupBySize } from "../domain/chunking";

/** D1 caps a bound string at 2 MB; JSON parameters stay well below it. */
export const MAX_JSON_PARAM_BYTES = 1_500_000;

const encoder = new TextEncoder();

/** Rows per statement: keeps each statement short, so one SQLite never stalls others for long. */
export const MAX_JSON_PARAM_ROWS = 2_000;

/**
 * Items as JSON arrays of at most MAX_JSON_PARAM_BYTES and MAX_JSON_PARAM_ROWS
 * each, in order: the one parameter a `json_each` statement takes (D1 binds
 * at most 100).
 */
export function groupJsonByBytes(items: readonly unknown[]): string[] {
  const encoded = items.map((item) => JSON.stringify(item));
  return groupBySize(encoded, (s) => encoder.encode(s).byteLength + 1, MAX_JSON_PARAM_ROWS, MAX_JSON_PARAM_BYTES).map((g) => `[${g.join(",")}]`);
}
