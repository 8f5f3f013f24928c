import { describe, expect, it } from "vitest";
import { nextSendMs, planSends, throttledChunkRows, THROTTLE_HORIZON_MS } from "../../src/domain/throttle";

describe("throttled chunk size", () => {
  it.each([
    [0.1, 500, 1],
    [1, 500, 1],
    [2.9, 500, 2],
    [100, 500, 100],
    [499, 500, 499],
    [500, 500, 500],
    [501, 500, 500],
    [1e6, 500, 500],
  ])("%d rows/s with chunks of %d → %d rows a chunk", (rate, chunkRows, rows) => {
    expect(throttledChunkRows(rate, chunkRows)).toBe(rows);
  });
});

describe("planning sends", () => {
  const now = 1_000_000;

  it("pays each chunk's rows before it starts: 10 rows/s, chunks of 10 → starts at 1 s, 2 s, … up to the horizon", () => {
    const plan = planSends(Array(20).fill(10), { rowsPerSecond: 10, cursorMs: null, nowMs: now });
    expect(plan.delaySeconds).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(plan.cursorMs).toBe(now + THROTTLE_HORIZON_MS);
  });

  it("goes on from the cursor while it is ahead, and from now after idling (no credit, no burst)", () => {
    expect(planSends([10, 10], { rowsPerSecond: 10, cursorMs: now + 8_000, nowMs: now })).toEqual({ delaySeconds: [9, 10], cursorMs: now + 10_000 });
    expect(planSends([10], { rowsPerSecond: 10, cursorMs: now - 3_600_000, nowMs: now })).toEqual({ delaySeconds: [1], cursorMs: now + 1_000 });
  });

  it("rounds delays up to whole seconds, so no chunk starts early", () => {
    const plan = planSends([5, 5, 5], { rowsPerSecond: 20, cursorMs: null, nowMs: now });
    expect(plan.delaySeconds).toEqual([1, 1, 1]);
    expect(plan.cursorMs).toBe(now + 750);
  });

  it("sends nothing while the next start is past the horizon behind a scheduled chunk", () => {
    expect(planSends([10], { rowsPerSecond: 10, cursorMs: now + THROTTLE_HORIZON_MS, nowMs: now })).toEqual({ delaySeconds: [], cursorMs: now + THROTTLE_HORIZON_MS });
  });

  it("sends a chunk longer than the horizon when nothing is ahead of it (a slow rate), with its whole wait as the delay", () => {
    expect(planSends([1, 1], { rowsPerSecond: 0.05, cursorMs: null, nowMs: now })).toEqual({ delaySeconds: [20], cursorMs: now + 20_000 });
  });

  it("never delays a message longer than a queue allows (12 hours)", () => {
    expect(planSends([1], { rowsPerSecond: 1e-6, cursorMs: null, nowMs: now }).delaySeconds).toEqual([43_200]);
  });

  it("plans nothing for no chunks", () => {
    expect(planSends([], { rowsPerSecond: 10, cursorMs: 5, nowMs: now })).toEqual({ delaySeconds: [], cursorMs: 5 });
  });

  it("holds the rate over a long run: by every start, at most rate × elapsed rows have started", () => {
    const rate = 37;
    let cursor: number | null = null;
    let t = now;
    let started = 0;
    const pending = Array.from({ length: 400 }, (_, i) => 1 + (i % 37));
    while (pending.length > 0) {
      const plan = planSends(pending, { rowsPerSecond: rate, cursorMs: cursor, nowMs: t });
      for (const [i, delay] of plan.delaySeconds.entries()) {
        started += pending[i]!;
        expect(started).toBeLessThanOrEqual(rate * ((t + delay * 1000 - now) / 1000) + 1e-9);
      }
      pending.splice(0, plan.delaySeconds.length);
      cursor = plan.cursorMs;
      t = nextSendMs({ rowsPerSecond: rate, cursorMs: cursor, nextRows: pending[0] ?? 0, nowMs: t });
    }
  });
});

describe("the next send", () => {
  const now = 1_000_000;
  it.each([
    ["nothing scheduled", null, 10, now],
    ["the cursor passed", now - 1, 10, now],
    ["the next start half a horizon away", now + 8_000, 10, now + 4_000],
    ["a long chunk: when its start is half a horizon away", now + 8_000, 300, now + 8_000 + 30_000 - 5_000],
  ])("%s", (_, cursorMs, nextRows, at) => {
    expect(nextSendMs({ rowsPerSecond: 10, cursorMs, nextRows, nowMs: now })).toBe(at);
  });

  it("is always a moment the next chunk can be sent at, so the object never wakes for nothing", () => {
    for (const [rate, rows, cursorAhead] of [[10, 10, 8_000], [0.05, 1, 20_000], [1000, 500, 9_999], [3, 500, 1]] as const) {
      const cursorMs = now + cursorAhead;
      const wake = nextSendMs({ rowsPerSecond: rate, cursorMs, nextRows: rows, nowMs: now });
      expect(planSends([rows], { rowsPerSecond: rate, cursorMs, nowMs: wake }).delaySeconds).toHaveLength(1);
    }
  });
});
