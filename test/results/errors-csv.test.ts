import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { errorsCsvColumns, errorsCsvRecord, errorsCsvText, keysOf, MAX_KEY_COLUMNS, sourceCellsOf, unionOfKeys } from "../../src/results/errors-csv";

const failure = (rowNumber: number, body: unknown) => ({ rowNumber, originalRowNumber: null, sourceIdentifier: null, body });
const parsed = (text: string) => Papa.parse<string[]>(text.trimEnd(), { newline: "\r\n" }).data;

describe("errors.csv columns", () => {
  it.each([
    [[], ["error_code", "error_field", "error_message", "row_number"]],
    [["email", "name"], ["email", "name", "error_code", "error_field", "error_message", "row_number"]],
    // an earlier errors.csv, fixed and uploaded again: its error columns give way to the new ones
    [["email", "error_code", "error_field", "error_message", "row_number"], ["email", "error_code", "error_field", "error_message", "row_number"]],
  ])("%j → %j", (source, columns) => {
    expect(errorsCsvColumns(source)).toEqual(columns);
  });

  it("takes the union of the rows' keys in first-seen order, skipping unreadable rows", () => {
    expect([...unionOfKeys([{ b: 1, a: 2 }, null, { c: 3, a: 4 }].map(keysOf))]).toEqual(["b", "a", "c"]);
  });

  it.each([
    [MAX_KEY_COLUMNS - 1, MAX_KEY_COLUMNS - 1],
    [MAX_KEY_COLUMNS, MAX_KEY_COLUMNS],
    [MAX_KEY_COLUMNS + 1, MAX_KEY_COLUMNS],
    [5 * MAX_KEY_COLUMNS, MAX_KEY_COLUMNS],
  ])("keeps the first %i keys of rows that each bring their own, up to the cap: %i", (distinct, kept) => {
    const rows = Array.from({ length: distinct }, (_, i) => [`k${i}`]);
    const keys = [...unionOfKeys(rows)];
    expect(keys).toHaveLength(kept);
    expect(keys[0]).toBe("k0");
    // More keys later add nothing once the cap is reached.
    expect(unionOfKeys([["late"]], new Set(keys)).has("late")).toBe(kept < MAX_KEY_COLUMNS);
  });
});

describe("errors.csv records", () => {
  const columns = errorsCsvColumns(["email", "name", "tags"]);

  it("writes the row's own cells, then its errors and row number", () => {
    const record = errorsCsvRecord(columns, { email: "x", tags: ["a", "b"] }, failure(7, [{ code: "invalid", field: "email", message: "Invalid email address" }]));
    expect(record).toEqual(["x", "", '["a","b"]', "invalid", "email", "Invalid email address", "7"]);
  });

  it("joins several errors of a row with '; ', keeping their fields in step (an error without a field leaves its place empty)", () => {
    const record = errorsCsvRecord(columns, null, failure(2, [{ code: "a", field: "email", message: "m1" }, { code: "b", message: "m2" }]));
    expect(record.slice(-4)).toEqual(["a; b", "email; ", "m1; m2", "2"]);
  });

  it("writes an unreadable row with empty cells and its error", () => {
    expect(errorsCsvRecord(columns, null, failure(1, [{ code: "malformed_row", message: "Line is not valid JSON" }]))).toEqual(["", "", "", "malformed_row", "", "Line is not valid JSON", "1"]);
  });
});

describe("errors.csv text", () => {
  it("is empty for no records", () => {
    expect(errorsCsvText([])).toBe("");
  });

  it("reads back with papaparse as written: quotes, commas, newlines, unicode", () => {
    const records = [["a,b", 'say "hi"', "two\nlines", "Zoë ✓"]];
    const text = errorsCsvText(records);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parsed(text)).toEqual(records);
  });

  it.each(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=cmd|' /C calc'!A0\nsecond line"])("escapes a cell a spreadsheet would run as a formula: %j", (cell) => {
    expect(parsed(errorsCsvText([[cell, "safe"]]))[0]).toEqual([`'${cell}`, "safe"]);
  });

  it.each(["a=1", "1-2", "x@y.z", " =1"])("leaves a cell that only contains such a character alone: %j", (cell) => {
    expect(parsed(errorsCsvText([[cell]]))[0]).toEqual([cell]);
  });
});

describe("a source's cells, read for export", () => {
  it("keys a CSV record's fields by the header, empty ones included; a ragged row keeps the fields the header names", () => {
    const text = 'a@x.io,Ada,\r\nb@x.io\r\n"c@x.io","C, Jr.",x,extra\r\n';
    expect(sourceCellsOf(text, "csv", ["email", "name", "tag"])).toEqual([
      { email: "a@x.io", name: "Ada", tag: "" },
      { email: "b@x.io", name: "", tag: "" },
      { email: "c@x.io", name: "C, Jr.", tag: "x" },
    ]);
  });

  it("reads JSON lines that hold objects; other lines have no cells", () => {
    expect(sourceCellsOf('{"a":1}\r\n\nnot json\n[1,2]\n{"b":{"c":2}}', "jsonl", null)).toEqual([{ a: 1 }, null, null, { b: { c: 2 } }]);
  });
});
