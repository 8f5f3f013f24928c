import { describe, expect, it } from "vitest";
import { plaintextLimit } from "../src/plaintext-limit";

const MiB = 1024 * 1024;
const limits = { maxFileBytes: 1000 * MiB, maxExpansionRatio: 100 };

describe("plaintextLimit", () => {
  it("is the expansion ratio times the uploaded size", () => {
    expect(plaintextLimit(3 * MiB, limits)).toBe(300 * MiB);
  });

  it("never under 1 MiB, so tiny files are never refused for their framing", () => {
    expect(plaintextLimit(400, limits)).toBe(MiB);
  });

  it("never over the largest file", () => {
    expect(plaintextLimit(50 * MiB, limits)).toBe(1000 * MiB);
  });
});
