import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { bomLength, scanRecords } from "../../src/domain/record-scanner";

const bytes = (s: string) => new TextEncoder().encode(s);
const scan = (s: string, format: "csv" | "jsonl" = "csv", atEnd = false) => scanRecords(bytes(s), format, atEnd);

describe("scanRecords", () => {
  it("stops at the last complete record", () => {
    expect(scan("a,b\nc,d\ne,")).toEqual({ consumed: 8, records: 2 });
  });

  it("keeps quoted commas, quotes and newlines inside their record", () => {
    const text = 'x,"one, two"\ny,"say ""hi""\nthere"\nz,3\n';
    expect(scan(text)).toEqual({ consumed: text.length, records: 3 });
  });

  it("does not end a record at a newline inside a quoted field that runs past the window", () => {
    expect(scan('a,1\nb,"multi\nline')).toEqual({ consumed: 4, records: 1 });
    // An escaped quote split across the window edge is not a closing quote yet.
    expect(scan('a,1\nb,"say ""')).toEqual({ consumed: 4, records: 1 });
  });

  it("skips blank lines and CRLF blank lines, and handles CRLF records", () => {
    expect(scan("a,b\r\n\r\n\nc,d\r\n")).toEqual({ consumed: 13, records: 2 });
  });

  it("counts a last record without a newline at the end of the source", () => {
    expect(scan("a\nb", "csv", true)).toEqual({ consumed: 3, records: 2 });
    expect(scan("a\n\n", "csv", true)).toEqual({ consumed: 3, records: 1 });
  });

  it("treats a quote inside an unquoted field as a literal, like papaparse", () => {
    const text = 'size,5" pipe\nnext,1\n';
    expect(scan(text).records).toBe(2);
    expect(Papa.parse(text, { delimiter: ",", skipEmptyLines: true }).data).toHaveLength(2);
  });

  it("ignores quotes entirely in JSONL", () => {
    expect(scan('{"a":"\\""}\n{"b":1}\n', "jsonl")).toEqual({ consumed: 19, records: 2 });
  });

  it("agrees with papaparse on the number of records for awkward CSV", () => {
    const text = ['id,note', '1,"a,b"', '2,"line1\nline2"', "", '3,"q""uote"', "4,plain", '5,""', "\r", '6,"x\r\ny"'].join("\r\n") + "\r\n";
    const papa = Papa.parse(text, { delimiter: ",", skipEmptyLines: true }).data.length;
    expect(scan(text, "csv", true).records).toBe(papa);
  });

  it("recognises a UTF-8 BOM", () => {
    expect(bomLength(bytes("\uFEFFid"))).toBe(3);
    expect(bomLength(bytes("id"))).toBe(0);
  });
});

describe("scanRecords with a record limit", () => {
  it("finds the end of the first non-blank record (a CSV header)", () => {
    expect(scan('\n"id","no\nte"\r\n1,2\n', "csv", false)).toEqual({ consumed: 19, records: 2 });
    expect(scanRecords(bytes('\n"id","no\nte"\r\n1,2\n'), "csv", false, 1)).toEqual({ consumed: 15, records: 1 });
  });
});
