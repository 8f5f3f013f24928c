import { describe, expect, it } from "vitest";
import type { StoredRow } from "../../src/results/outcome";
import { bodyJson, compressSection, decodeSection, sectionJson } from "../../src/results/section";

const row = (n: number, body: unknown, extra: Partial<StoredRow> = {}): StoredRow => ({ rowNumber: n, originalRowNumber: null, sourceIdentifier: `u${n}`, body, ...extra });
const json = (firstRow: number, rows: StoredRow[]) => sectionJson(firstRow, rows, rows.map((r) => bodyJson(r.body)));
const roundTrip = (firstRow: number, rows: StoredRow[]) => decodeSection(firstRow, compressSection(json(firstRow, rows)));

describe("chunk sections", () => {
  it("round-trips rows of any shape: none, one, gaps, nulls, original row numbers", () => {
    expect(roundTrip(1, [])).toEqual([]);
    expect(roundTrip(501, [row(501, { a: 1 })])).toEqual([row(501, { a: 1 })]);
    const mixed = [
      row(11, { nested: { deep: [1, "two", null] } }),
      row(14, [{ code: "invalid", message: "é ✓ \u0001", field: "email" }], { sourceIdentifier: null }),
      row(20, "", { originalRowNumber: 7 }),
    ];
    expect(roundTrip(11, mixed)).toEqual(mixed);
  });

  it("stores row numbers as offsets and no key per row", () => {
    const text = json(1001, [row(1001, { a: 1 }), row(1003, { a: 2 })]);
    expect(JSON.parse(text)).toEqual({ v: 1, r: [0, 2], i: ["u1001", "u1003"], b: [{ a: 1 }, { a: 2 }] });
  });

  it("compresses the bench's kind of rows about fivefold", () => {
    const rows = Array.from({ length: 500 }, (_, i) =>
      row(i + 1, { unique_id: `u${i + 1}`, email: `frances.${i + 1}@example.com`, name: `Frances ${i + 1}`, amount: String(((i * 7919) % 10000) + 0.5), note: "priority, follow-up renewal" }),
    );
    const text = json(1, rows);
    expect(compressSection(text).byteLength).toBeLessThan(text.length / 4);
  });

  it("stores an undefined body as null", () => {
    expect(roundTrip(20, [row(20, undefined)])).toEqual([row(20, null)]);
  });

  it("refuses a section of an unknown encoding", () => {
    expect(() => decodeSection(1, compressSection(JSON.stringify({ v: 2, r: [], i: [], b: [] })))).toThrow(/unknown section encoding/);
  });
});
