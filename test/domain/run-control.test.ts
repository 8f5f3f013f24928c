import { describe, expect, it } from "vitest";
import { FailureThreshold, thresholdCrossed, thresholdFailure } from "../../src/domain/run-control";

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
