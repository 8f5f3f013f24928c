import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { RECORD_START, bomLength, scanRecords, skipRecord } from "../../src/domain/record-scanner";

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
    expect(scanRecords(bytes('\n"id","no\nte"\r\n1,2\n'), "csv", false, { maxRecords: 1 })).toEqual({ consumed: 15, records: 1 });
  });
});

const papaRecords = (text: string, newline: "\n" | "\r\n") => Papa.parse(text, { delimiter: ",", newline, skipEmptyLines: true }).data.length;

/** `count` rows of CSV built by `row(i)`, each ended by `eol`. */
const csvRows = (count: number, row: (i: number) => string, eol = "\n") => Array.from({ length: count }, (_, i) => row(i) + eol).join("");

const shapes = {
  "quote-free": csvRows(2000, (i) => `${i},name ${i},${i * 7}`),
  "quote-heavy": csvRows(2000, (i) => `"${i}","name, ${i}","say ""${i}""","line\n${i}"`),
  wide: csvRows(50, (i) => Array.from({ length: 200 }, (_, j) => `c${i}.${j}`).join(",")),
  narrow: csvRows(5000, (i) => String(i % 10)),
  crlf: csvRows(2000, (i) => `${i},"a\r\nb",c`, "\r\n"),
};

describe("scanRecords on common shapes", () => {
  it.each(Object.entries(shapes))("agrees with papaparse on %s CSV", (_, text) => {
    const newline = text.endsWith("\r\n") ? "\r\n" : "\n";
    const expected = papaRecords(text, newline);
    expect(scanRecords(bytes(text), "csv", false)).toEqual({ consumed: bytes(text).length, records: expected });
    expect(scanRecords(bytes(text), "csv", true, { maxRecordBytes: 4096 })).toEqual({ consumed: bytes(text).length, records: expected });
  });
});

/** Counts the bytes each `indexOf` looks at: from `fromIndex` through the hit, or to the end. */
class CountingBytes extends Uint8Array {
  examined = 0;
  override indexOf(value: number, fromIndex = 0): number {
    const at = super.indexOf(value, fromIndex);
    this.examined += (at === -1 ? this.length : at + 1) - fromIndex;
    return at;
  }
}

/** `text` repeated into a window of about 1 MB, then `tail`. */
const megabyteWindow = (text: string, tail = "") => {
  const body = bytes(text.repeat(Math.ceil(2 ** 20 / text.length)) + tail);
  const counted = new CountingBytes(body.length);
  counted.set(body);
  return counted;
};

describe("scanRecords' work", () => {
  // Searching for the next quote once per record re-reads a quote-free window to its end each time,
  // and searching for the next newline once per quoted field re-reads a wide row once per field.
  it.each([
    ["a quote-free window of short records", "csv", "1,ab,c\n", ""],
    ["a quote-heavy window", "csv", '"1","a,b","say ""hi""","x\ny"\n', ""],
    ["a window of wide rows, every field quoted", "csv", `${'"ab",'.repeat(199)}"ab"\n`, ""],
    ["a window ending inside an open quoted field", "csv", "1,ab,c\n", '2,"open\nfield,\n'],
    ["a window of literal quotes inside unquoted fields", "csv", '1,5" pipe,a"b\n', ""],
    ["a JSONL window", "jsonl", '{"a":"b"}\n', ""],
  ] as const)("is linear in the window's length for %s", (_, format, text, tail) => {
    const window = megabyteWindow(text, tail);
    const scan = scanRecords(window, format, false);
    expect(scan.records).toBeGreaterThan(1000);
    expect(window.examined).toBeLessThanOrEqual(3 * window.length);
  });
});

describe("scanRecords with a record size limit", () => {
  const limit = 8;
  const lengths = [0, 1, limit - 1, limit, limit + 1];
  const cases = ["\n", "\r\n"].flatMap((eol) =>
    ["", `a,b${eol}${eol}`].flatMap((before) => lengths.map((length) => ({ eol, before, length }))),
  );
  const beforeRecords = (before: string) => (before === "" ? 0 : 1);

  it.each(cases)("stops before a complete record only past the limit: %j", ({ eol, before, length }) => {
    for (const format of ["csv", "jsonl"] as const) {
      const text = `${before}${"x".repeat(length)}${eol}z${eol}`;
      const scanned = scanRecords(bytes(text), format, false, { maxRecordBytes: limit });
      if (length > limit) expect(scanned).toEqual({ consumed: before.length, records: beforeRecords(before), oversized: true });
      else expect(scanned).toEqual(scanRecords(bytes(text), format, false));
    }
  });

  it.each(cases)("stops at a record not yet ended only once the window holds more than the limit: %j", ({ eol, before, length }) => {
    for (const format of ["csv", "jsonl"] as const) {
      // A CR at the window's edge may be half a CRLF: it does not count.
      const text = `${before}${"x".repeat(length)}${eol === "\r\n" ? "\r" : ""}`;
      const oversized = length > limit ? { oversized: true } : {};
      expect(scanRecords(bytes(text), format, false, { maxRecordBytes: limit })).toEqual({ consumed: before.length, records: beforeRecords(before), ...oversized });
    }
  });

  it("treats the source's last record, without a newline, like any other", () => {
    expect(scanRecords(bytes("a\nxxxxxxxx"), "csv", true, { maxRecordBytes: 8 })).toEqual({ consumed: 10, records: 2 });
    expect(scanRecords(bytes("a\nxxxxxxxxx"), "csv", true, { maxRecordBytes: 8 })).toEqual({ consumed: 2, records: 1, oversized: true });
  });

  it("measures a CSV record with quoted newlines whole, not line by line", () => {
    for (const eol of ["\n", "\r\n"]) {
      const record = (length: number) => `"${eol}${"y".repeat(length - 2 - eol.length)}"`;
      for (const length of [limit - 1, limit, limit + 1]) {
        const text = `a,b${eol}${record(length)}${eol}z${eol}`;
        const expected = length > limit ? { consumed: 3 + eol.length, records: 1, oversized: true } : { consumed: text.length, records: 3 };
        expect(scanRecords(bytes(text), "csv", false, { maxRecordBytes: limit })).toEqual(expected);
      }
      // Not ended in the window: a quoted field still open.
      const open = `a,b${eol}"${eol}${"y".repeat(limit)}`;
      expect(scanRecords(bytes(open), "csv", false, { maxRecordBytes: limit })).toEqual({ consumed: 3 + eol.length, records: 1, oversized: true });
      expect(scanRecords(bytes(open), "csv", false, { maxRecordBytes: limit + 1 + eol.length })).toEqual({ consumed: 3 + eol.length, records: 1 });
    }
  });

  it("does not count a JSONL record's quotes as quoting", () => {
    const text = '"abcd\nefgh"\n';
    expect(scanRecords(bytes(text), "csv", false, { maxRecordBytes: 8 })).toEqual({ consumed: 0, records: 0, oversized: true });
    expect(scanRecords(bytes(text), "jsonl", false, { maxRecordBytes: 8 })).toEqual({ consumed: 12, records: 2 });
  });
});

/** Feeds `text` to skipRecord in pieces cut at `cuts`; the end within the whole text, or null. */
const skipInPieces = (text: string, format: "csv" | "jsonl", cuts: number[]) => {
  const whole = bytes(text);
  let state = RECORD_START;
  let start = 0;
  for (const cut of [...cuts, whole.length]) {
    const skipped = skipRecord(whole.subarray(start, cut), format, state);
    if (skipped.end !== null) return start + skipped.end;
    state = skipped.state;
    start = cut;
  }
  return null;
};

describe("skipRecord", () => {
  const inputs = [
    ["csv", 'x,"say ""hi"", there\r\nyou",""""\r\nnext,1\r\n'],
    ["csv", '"a","b,""\n""",c\nnext\n'],
    ["csv", 'size,5" pipe,"q"\nnext\n'],
    ["csv", 'a,"""",b"c,""\n"\nnext\n'],
    ["jsonl", '{"a":"\\"\\n"}\r\n{"b":1}\n'],
  ] as const;

  it.each(inputs)("ends a %s record where scanRecords does, however the record is split", (format, text) => {
    const end = skipInPieces(text, format, []);
    expect(end).toBe(scanRecords(bytes(text), format, false, { maxRecords: 1 }).consumed);
    const length = bytes(text).length;
    for (let i = 0; i <= length; i++) {
      for (let j = i; j <= length; j++) expect(skipInPieces(text, format, [i, j])).toBe(end);
    }
    expect(skipInPieces(text, format, Array.from({ length }, (_, i) => i))).toBe(end);
  });

  it("carries a quote at a window's edge to the next window", () => {
    const first = skipRecord(bytes('a,"x"'), "csv", RECORD_START);
    expect(first).toEqual({ end: null, state: "quote-in-quoted" });
    // The next window's quote makes an escaped "", so the newline after it is still quoted.
    expect(skipRecord(bytes('"\n"\n'), "csv", first.state)).toEqual({ end: 4, state: RECORD_START });
    // A newline instead: the quote closed the field.
    expect(skipRecord(bytes('\n"\n'), "csv", first.state)).toEqual({ end: 1, state: RECORD_START });
  });

  it("opens a quoted field only at a field's start, across windows too", () => {
    expect(skipRecord(bytes("a,"), "csv", RECORD_START)).toEqual({ end: null, state: "field-start" });
    expect(skipRecord(bytes('"\n"\n'), "csv", "field-start").end).toBe(4);
    expect(skipRecord(bytes("ab"), "csv", RECORD_START)).toEqual({ end: null, state: "unquoted" });
    expect(skipRecord(bytes('"\n"\n'), "csv", "unquoted").end).toBe(2);
  });

  it("ignores state and quotes in JSONL", () => {
    expect(skipRecord(bytes('"\n'), "jsonl", "quoted")).toEqual({ end: 2, state: RECORD_START });
  });
});

/** A deterministic pseudo-random number in [0, 1) per call (mulberry32). */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

describe("scanRecords on generated awkward CSV", () => {
  it("agrees with papaparse on the number of records, and on where windows may end", () => {
    const random = seeded(12);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const quotedParts = ["a", ",", '""', "\n", "\r\n", " "];
    // Papaparse reads a quote only at a field's start as quoting, and text after a closing quote as malformed: not generated.
    const field = () =>
      pick([
        () => "",
        () => "plain",
        () => pick(['5" pipe', 'a"b', 'x""']),
        () => `"${Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(quotedParts)).join("")}"`,
      ])();
    for (let doc = 0; doc < 200; doc++) {
      const eol = pick(["\n", "\r\n"] as const);
      const rows = Array.from({ length: 1 + Math.floor(random() * 8) }, () =>
        random() < 0.2 ? "" : Array.from({ length: 2 + Math.floor(random() * 3) }, field).join(","),
      );
      const text = rows.join(eol) + (random() < 0.5 ? eol : "");
      expect(scanRecords(bytes(text), "csv", true).records, JSON.stringify(text)).toBe(papaRecords(text, eol));
      // Every window from the start ends at the last record end skipRecord finds in it.
      const whole = bytes(text);
      const ends = [0];
      for (let end; (end = skipRecord(whole.subarray(ends.at(-1)), "csv", RECORD_START).end) !== null; ) ends.push(ends.at(-1)! + end);
      const cuts = [...new Set(Array.from({ length: 4 }, () => Math.floor(random() * whole.length)))].sort((a, b) => a - b);
      expect(skipInPieces(text, "csv", cuts), JSON.stringify({ text, cuts })).toBe(ends[1] ?? null);
      for (let cut = 0; cut <= whole.length; cut++) {
        const lastEnd = ends.filter((end) => end <= cut).at(-1);
        expect(scanRecords(whole.subarray(0, cut), "csv", false).consumed, JSON.stringify(text)).toBe(lastEnd);
      }
    }
  });
});
