import { describe, expect, it } from "vitest";
import { parseByteRange } from "../../src/api/http/byte-range";

describe("parseByteRange", () => {
  it.each([
    [undefined, null],
    ["bytes=0-9", { offset: 0, length: 10 }],
    ["bytes=5-", { offset: 5, length: 95 }],
    ["bytes=90-200", { offset: 90, length: 10 }],
    ["bytes=99-99", { offset: 99, length: 1 }],
    ["bytes=-10", { offset: 90, length: 10 }],
    ["bytes=-500", { offset: 0, length: 100 }],
    ["bytes=100-", "unsatisfiable"],
    ["bytes=999999999-", "unsatisfiable"],
    ["bytes=-0", "unsatisfiable"],
    ["bytes=5-2", null],
    ["items=0-1", null],
    ["bytes=0-1,5-6", null],
    ["bytes=-", null],
    ["bytes=abc", null],
  ] as const)("%s of 100 bytes → %j", (header, expected) => {
    expect(parseByteRange(header, 100)).toEqual(expected);
  });
});
