import Papa from "papaparse";
import type { SourceFormat } from "./vocabulary";

/** A per-row failure, in the standard error shape. */
export type RowError = { code: string; message: string; field?: string };

/** One data row of a source: its value, or why it could not be read. */
export type SourceRow =
  | { ok: true; value: unknown }
  | { ok: false; errors: RowError[]; sourceIdentifier: string | null };

/** The header row of a CSV: its field names. */
export function parseCsvHeader(text: string): string[] {
  const result = Papa.parse<string[]>(text, { delimiter: ",", skipEmptyLines: true });
  return (result.data[0] ?? []).map((h) => h.trim());
}

/**
 * Parses a slice of complete records into rows, in order, one per non-blank
 * record (the same records `scanRecords` counted). CSV rows become objects
 * keyed by the header, empty cells omitted; a row with the wrong number of
 * fields, or a line that is not a JSON object, is a row error, never a crash.
 */
export function parseRows(text: string, format: SourceFormat, header: string[] | null): SourceRow[] {
  return format === "csv" ? parseCsv(text, header ?? []) : parseJsonl(text);
}

function parseCsv(text: string, header: string[]): SourceRow[] {
  const { data, errors } = Papa.parse<string[]>(text, { delimiter: ",", newline: lineEndingOf(text), skipEmptyLines: true });
  const broken = new Map(errors.filter((e) => e.row !== undefined).map((e) => [e.row!, e.message]));
  return data.map((fields, i) => {
    const row: Record<string, string> = {};
    header.forEach((name, j) => {
      const value = fields[j];
      if (value !== undefined && value !== "") row[name] = value;
    });
    const sourceIdentifier = row.unique_id ?? null;
    const parseError = broken.get(i);
    if (parseError) return { ok: false, errors: [{ code: "malformed_row", message: parseError }], sourceIdentifier };
    if (fields.length !== header.length) {
      const message = `Expected ${header.length} fields (as in the header), found ${fields.length}`;
      return { ok: false, errors: [{ code: "ragged_row", message }], sourceIdentifier };
    }
    return { ok: true, value: row };
  });
}

/**
 * A slice of complete records ends with its last record's line ending, so that
 * is the file's. Telling papaparse saves it guessing from the first megabyte
 * on every chunk; without one (the file's last record), it still guesses.
 */
function lineEndingOf(text: string): "\r\n" | "\n" | undefined {
  if (text.endsWith("\r\n")) return "\r\n";
  return text.endsWith("\n") ? "\n" : undefined;
}

function parseJsonl(text: string): SourceRow[] {
  const rows: SourceRow[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (trimmed === "") continue;
    try {
      rows.push({ ok: true, value: JSON.parse(trimmed) });
    } catch {
      rows.push({ ok: false, errors: [{ code: "malformed_row", message: "Line is not valid JSON" }], sourceIdentifier: null });
    }
  }
  return rows;
}

/** The row's `unique_id`, when it has one. */
export function sourceIdentifierOf(row: unknown): string | null {
  if (row === null || typeof row !== "object") return null;
  const id = (row as Record<string, unknown>).unique_id;
  return typeof id === "string" || typeof id === "number" ? String(id) : null;
}
