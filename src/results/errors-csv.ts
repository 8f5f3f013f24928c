import Papa from "papaparse";
import { parseRows } from "../domain/parse-rows";
import type { SourceFormat } from "../domain/vocabulary";
import type { StoredRow } from "./outcome";

/** What `errors.csv` adds after the source's own columns (CONTRACT.md, "Run control"). */
export const ERROR_COLUMNS = ["error_code", "error_field", "error_message", "row_number"] as const;

/** A failed row's own cells by column, as the source held them; null when the row could not be read as one. */
export type SourceCells = Record<string, unknown> | null;

/**
 * A cell a spreadsheet would run as a formula (OWASP "CSV injection") starts
 * with one of these; it is written with a leading `'`. Papaparse's own
 * pattern ends in `.*$`, which misses a cell with a newline after the `=`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The file's columns: the source's own, then the error columns. A source that
 * is itself an earlier `errors.csv` (fixed and uploaded again) already has
 * them; its stale values give way to the new ones instead of doubling them.
 */
export function errorsCsvColumns(sourceColumns: readonly string[]): string[] {
  const errorColumns: readonly string[] = ERROR_COLUMNS;
  return [...sourceColumns.filter((c) => !errorColumns.includes(c)), ...ERROR_COLUMNS];
}

/**
 * Source columns errors.csv takes from failed rows' keys (JSONL, inline): a
 * file whose rows each bring keys of their own would otherwise make a
 * header, and rows, of any width. Keys past the first this many are left
 * out of the CSV (errors.jsonl and the source still have every row whole).
 */
export const MAX_KEY_COLUMNS = 1_000;

/** Column names in first-seen order, over every row's keys, at most MAX_KEY_COLUMNS. */
export function unionOfKeys(keyLists: Iterable<Iterable<string>>, into: Set<string> = new Set()): Set<string> {
  for (const keys of keyLists) {
    for (const key of keys) {
      if (into.size >= MAX_KEY_COLUMNS) return into;
      into.add(key);
    }
  }
  return into;
}

/** A row's keys, none for a row that could not be read as one. */
export const keysOf = (cells: SourceCells): string[] => (cells ? Object.keys(cells) : []);

/**
 * A range of a source, one entry per record, read for export: CSV records
 * keyed by the header with every field, empty ones included (a ragged row
 * keeps the fields the header names); JSON lines when they hold an object.
 */
export function sourceCellsOf(text: string, format: SourceFormat, header: readonly string[] | null): SourceCells[] {
  if (format === "jsonl") return parseRows(text, "jsonl", null).map((row) => (row.ok ? cellsOfValue(row.value) : null));
  const { data } = Papa.parse<string[]>(text, { delimiter: ",", skipEmptyLines: true });
  return data.map((fields) => Object.fromEntries((header ?? []).map((name, j) => [name, fields[j] ?? ""])));
}

/** A row value kept in the batch (inline rows, replays): its cells when it is an object. */
export function cellsOfValue(value: unknown): SourceCells {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

type RowErrorBody = { code?: unknown; field?: unknown; message?: unknown };

/** One failed row as a record of `columns`: its own cells, then its errors (several joined with "; ") and its row number. */
export function errorsCsvRecord(columns: readonly string[], cells: SourceCells, failure: StoredRow): string[] {
  const errors = (Array.isArray(failure.body) ? failure.body : []) as RowErrorBody[];
  const joined = (key: keyof RowErrorBody) => errors.map((e) => cellText(e[key])).join("; ");
  const ownColumns = columns.length - ERROR_COLUMNS.length;
  return [...columns.slice(0, ownColumns).map((c) => cellText(cells?.[c])), joined("code"), joined("field"), joined("message"), String(failure.rowNumber)];
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Records as CSV text (RFC 4180 line endings), formula-like cells escaped; "" for none. */
export function errorsCsvText(records: readonly string[][]): string {
  if (records.length === 0) return "";
  return Papa.unparse(records as string[][], { escapeFormulae: FORMULA_START, newline: "\r\n" }) + "\r\n";
}
