import { describe, expect, it } from "vitest";
import { checkWrite } from "../src/write-check";

const limits = { maxFileBytes: 10_000, maxWriteGapBytes: 1000 };

describe("checkWrite", () => {
  it("accepts writes in order, rewrites, and pipelined writes a little past the end", () => {
    expect(checkWrite({ offset: 0, length: 100 }, 0, limits)).toBeNull();
    expect(checkWrite({ offset: 0, length: 100 }, 500, limits)).toBeNull();
    expect(checkWrite({ offset: 1500, length: 100 }, 500, limits)).toBeNull();
  });

  it("refuses a write that starts further past the end than the gap allows", () => {
    expect(checkWrite({ offset: 1501, length: 1 }, 500, limits)).toEqual({
      reason: "leaves_hole",
      message: "write starts 1001 bytes past the end of the data written so far (at most 1000): write the file in order",
    });
  });

  it("refuses a write that would make the file larger than the largest upload", () => {
    expect(checkWrite({ offset: 9990, length: 11 }, 9990, limits)).toEqual({ reason: "file_too_large", message: "file larger than 10000 bytes" });
    expect(checkWrite({ offset: 9990, length: 10 }, 9990, limits)).toBeNull();
  });
});
