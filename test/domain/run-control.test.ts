import { describe, expect, it } from "vitest";
import { applyMapping, FailureThreshold, Mapping, MAPPING_MAX_BYTES, thresholdCrossed, thresholdFailure } from "../../src/domain/run-control";

describe("failure threshold", () => {
  it.each([
    [{ max_failed_rows: 0 }, 10, 0, false],
    [{ max_failed_rows: 0 }, 10, 1, true],
    [{ max_failed_rows: 3 }, 100, 3, false],
    [{ max_failed_rows: 3 }, 100, 4, true],
    [{ max_failed_ratio: 0.2, min_rows: 100 }, 99, 90, false],
    [{ max_failed_ratio: 0.2, min_rows: 100 }, 100, 20, false],
    [{ max_failed_ratio: 0.2, min_rows: 100 }, 100, 21, true],
    [{ max_failed_ratio: 1 }, 5, 5, false],
    [{ max_failed_ratio: 0.5 }, 1, 1, true],
  ])("%j at %i processed, %i failed: crossed %s", (threshold, processed, failed, crossed) => {
    expect(thresholdCrossed(FailureThreshold.parse(threshold), { rows_processed: processed, rows_failed: failed })).toBe(crossed);
  });

  it("is never crossed without one", () => {
    expect(thresholdCrossed(null, { rows_processed: 10, rows_failed: 10 })).toBe(false);
  });

  it.each([
    [{}, ""],
    [{ max_failed_rows: 1, max_failed_ratio: 0.5 }, ""],
    [{ max_failed_ratio: 0 }, "max_failed_ratio"],
    [{ max_failed_ratio: 1.01 }, "max_failed_ratio"],
    [{ max_failed_rows: -1 }, "max_failed_rows"],
    [{ max_failed_rows: 1.5 }, "max_failed_rows"],
    [{ max_failed_rows: 2, min_rows: 10 }, "min_rows"],
    [{ max_failed_ratio: 0.5, min_rows: 0 }, "min_rows"],
    [{ max_failed_rows: 1, extra: true }, ""],
  ])("refuses %j", (threshold, path) => {
    const parsed = FailureThreshold.safeParse(threshold);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.some((i) => i.path.join(".") === path)).toBe(true);
  });

  it("says what was crossed", () => {
    expect(thresholdFailure({ max_failed_rows: 3 }, { rows_processed: 20, rows_failed: 4 })).toEqual({
      code: "failure_threshold_exceeded",
      message: "Stopped: more than 3 failed rows; 4 of 20 rows failed",
    });
  });
});

describe("mapping", () => {
  it.each([
    [{ "Email Address": "a@x.io", Name: "A" }, { "Email Address": "email" }, { email: "a@x.io", Name: "A" }],
    [{ email: "old", "E-mail": "new" }, { "E-mail": "email" }, { email: "new" }],
    [{ a: 1, b: 2 }, { a: "b", b: "a" }, { b: 1, a: 2 }],
    [{ a: 1 }, { z: "y" }, { a: 1 }],
    [{}, { a: "b" }, {}],
    [5, { a: "b" }, 5],
    [[1], { a: "b" }, [1]],
    [null, { a: "b" }, null],
  ])("maps %j by %j to %j", (row, mapping, expected) => {
    expect(applyMapping(row, mapping)).toEqual(expected);
  });

  it("leaves rows alone without one", () => {
    const row = { a: 1 };
    expect(applyMapping(row, null)).toBe(row);
  });

  it.each([
    [{}, "at least one key"],
    [{ a: "" }, ""],
    [{ a: 5 }, ""],
    [Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`column number ${i}`, `field_${i}`])), "8000 bytes"],
  ])("refuses %j", (mapping, message) => {
    const parsed = Mapping.safeParse(mapping);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message).join(" ")).toContain(message);
  });

  it.each([
    [MAPPING_MAX_BYTES - 1, true],
    [MAPPING_MAX_BYTES, true],
    [MAPPING_MAX_BYTES + 1, false],
  ])("a mapping of %i bytes of JSON: taken %s", (bytes, taken) => {
    // Keys of 256 characters (the longest a key may be), the last one trimmed to reach `bytes`.
    const mapping: Record<string, string> = {};
    let i = 0;
    const size = () => JSON.stringify(mapping).length;
    while (size() < bytes) {
      const key = `${String(i++).padStart(4, "0")}${"k".repeat(252)}`;
      mapping[key] = "v";
      if (size() > bytes) {
        delete mapping[key];
        const room = bytes - size() - (Object.keys(mapping).length ? 1 : 0) - JSON.stringify({ "": "v" }).length + 2;
        mapping[`${String(i).padStart(4, "0")}${"k".repeat(Math.max(0, room - 4))}`] = "v";
      }
    }
    expect(JSON.stringify(mapping).length).toBe(bytes);
    expect(Mapping.safeParse(mapping).success).toBe(taken);
  });
});
