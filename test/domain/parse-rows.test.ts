import { describe, expect, it } from "vitest";
import { parseCsvHeader, parseRows } from "../../src/domain/parse-rows";

describe("parseRows", () => {
  const header = parseCsvHeader("unique_id,email,note\r\n");

  it("reads the header's field names", () => {
    expect(header).toEqual(["unique_id", "email", "note"]);
  });

  it("turns CSV records into objects keyed by the header, omitting empty cells", () => {
    const rows = parseRows('u1,a@x.com,"hello, ""you""\nthere"\r\nu2,b@x.com,\r\n', "csv", header);
    expect(rows).toEqual([
      { ok: true, value: { unique_id: "u1", email: "a@x.com", note: 'hello, "you"\nthere' } },
      { ok: true, value: { unique_id: "u2", email: "b@x.com" } },
    ]);
  });

  it("makes a ragged row a row error that still names its unique_id", () => {
    const [row] = parseRows("u3,c@x.com\n", "csv", header);
    expect(row).toEqual({ ok: false, errors: [{ code: "ragged_row", message: "Expected 3 fields (as in the header), found 2" }], sourceIdentifier: "u3" });
  });

  it("skips blank lines", () => {
    expect(parseRows("\nu1,a,b\n\n", "csv", header)).toHaveLength(1);
    expect(parseRows("\r\nu1,a,b\r\n\r\n", "csv", header)).toHaveLength(1);
    expect(parseRows('\n{"a":1}\n\r\n', "jsonl", null)).toEqual([{ ok: true, value: { a: 1 } }]);
  });

  it("makes a JSONL line that is not JSON a row error, and keeps non-object JSON for the operation to refuse", () => {
    const rows = parseRows('{"a":1}\nnot json\n[1,2]\n', "jsonl", null);
    expect(rows.map((r) => r.ok)).toEqual([true, false, true]);
    expect(rows[1]).toMatchObject({ errors: [{ code: "malformed_row" }] });
  });
});
