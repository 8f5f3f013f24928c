import { describe, expect, it } from "vitest";
import { estimateRowsTotal, progressRate } from "../../src/domain/progress-rate";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const nowAt = (s: number) => Date.parse(at(s));

describe("rows per second and ETA", () => {
  it("are unknown before the batch starts, in its first second, and before a row is counted", () => {
    expect(progressRate({ startedAt: null, completedAt: null, processed: 0, total: 10, nowMs: nowAt(5) })).toEqual({ rows_per_second: null, eta_seconds: null });
    expect(progressRate({ startedAt: at(0), completedAt: null, processed: 50, total: 100, nowMs: nowAt(0) + 999 })).toEqual({ rows_per_second: null, eta_seconds: null });
    expect(progressRate({ startedAt: at(0), completedAt: null, processed: 0, total: 100, nowMs: nowAt(30) })).toEqual({ rows_per_second: null, eta_seconds: null });
  });

  it("average the rows counted since the start, and give the time left at that rate", () => {
    expect(progressRate({ startedAt: at(0), completedAt: null, processed: 250, total: 1000, nowMs: nowAt(10) })).toEqual({ rows_per_second: 25, eta_seconds: 30 });
    expect(progressRate({ startedAt: at(0), completedAt: null, processed: 10, total: 13, nowMs: nowAt(3) })).toEqual({ rows_per_second: 3.3, eta_seconds: 1 });
  });

  it("give no ETA while the total is unknown (a source still being read)", () => {
    expect(progressRate({ startedAt: at(0), completedAt: null, processed: 500, total: null, nowMs: nowAt(5) })).toEqual({ rows_per_second: 100, eta_seconds: null });
  });

  it("keep the whole run's rate once the batch ended, with nothing left", () => {
    expect(progressRate({ startedAt: at(0), completedAt: at(4), processed: 1000, total: 1000, nowMs: nowAt(60) })).toEqual({ rows_per_second: 250, eta_seconds: 0 });
    expect(progressRate({ startedAt: null, completedAt: at(4), processed: 0, total: 0, nowMs: nowAt(60) })).toEqual({ rows_per_second: null, eta_seconds: 0 });
  });
});

describe("a source's likely row total, while it is read", () => {
  it("scales the rows read by the bytes left, and is unknown without a size or before the first row", () => {
    expect(estimateRowsTotal({ rows: 1_000, bytes: 100_000, size: 1_000_000 })).toBe(10_000);
    expect(estimateRowsTotal({ rows: 3, bytes: 70, size: 100 })).toBe(4);
    expect(estimateRowsTotal({ rows: 10, bytes: 100, size: 100 })).toBe(10);
    expect(estimateRowsTotal({ rows: 1_000, bytes: 100_000, size: null })).toBeNull();
    expect(estimateRowsTotal({ rows: 0, bytes: 0, size: 100 })).toBeNull();
    expect(estimateRowsTotal({ rows: 0, bytes: 4096, size: 100_000 })).toBeNull();
  });

  it("gives an ETA through progressRate as a total would", () => {
    const estimate = estimateRowsTotal({ rows: 500, bytes: 50_000, size: 200_000 })!;
    expect(progressRate({ startedAt: at(0), completedAt: null, processed: 400, total: estimate, nowMs: nowAt(4) })).toEqual({ rows_per_second: 100, eta_seconds: 16 });
  });
});
