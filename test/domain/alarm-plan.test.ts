import { describe, expect, it } from "vitest";
import { nextRunAfterReport, nextRunAfterStep, readyToFinish } from "../../src/domain/alarm-plan";
import { afterAlarmFailure, MAX_ALARM_FAILURES } from "../../src/domain/backoff";

describe("readyToFinish", () => {
  it.each([
    ["running", 0, false, true],
    ["running", 1, false, false],
    ["running", 0, true, false],
    ["accepted", 0, false, false],
    ["cancelled", 0, false, false],
  ] as const)("%s with %i open chunks, reading %s → %s", (status, openChunks, stillReading, expected) => {
    expect(readyToFinish({ status, openChunks, stillReading })).toBe(expected);
  });
});

describe("nextRunAfterStep", () => {
  const at = { nowMs: 1_000, watchdogMs: 10_000 };
  it.each([
    ["running", true, 1_000],
    ["running", false, 11_000],
    ["succeeded", false, null],
    ["cancelled", true, null],
    ["paused", true, null],
    ["paused", false, null],
  ] as const)("%s, reading %s → %s", (status, stillReading, expected) => {
    expect(nextRunAfterStep({ status, stillReading, ...at })).toBe(expected);
  });

  it.each([
    ["running", false, 4_000, 4_000],
    ["running", false, 60_000, 11_000],
    ["running", false, null, 11_000],
    ["running", true, 4_000, 1_000],
    ["paused", false, 4_000, null],
  ] as const)("%s, reading %s, a throttled send due at %s → %s", (status, stillReading, sendDueMs, expected) => {
    expect(nextRunAfterStep({ status, stillReading, sendDueMs, ...at })).toBe(expected);
  });
});

describe("nextRunAfterReport", () => {
  it.each([
    [true, 50_000, 1_000],
    [false, null, 2_000],
    [false, 5_000, 2_000],
    [false, 2_000, null],
    [false, 1_500, null],
  ] as const)("terminal %s, scheduled %s → %s", (terminal, scheduledMs, expected) => {
    expect(nextRunAfterReport({ terminal, nowMs: 1_000, scheduledMs, mirrorIntervalMs: 1_000 })).toBe(expected);
  });
});

describe("afterAlarmFailure", () => {
  it("retries with backoff below the limit, then fails a running batch with the reason, and stops for a finished one", () => {
    expect(afterAlarmFailure({ failures: 1, status: "running", reading: true, error: "x" })).toEqual({ kind: "retry", delayMs: 1000 });
    expect(afterAlarmFailure({ failures: MAX_ALARM_FAILURES - 1, status: "running", reading: true, error: "x" })).toEqual({ kind: "retry", delayMs: 256_000 });
    expect(afterAlarmFailure({ failures: MAX_ALARM_FAILURES, status: "running", reading: true, error: "503" })).toEqual({
      kind: "fail",
      failure: { code: "source_unreadable", message: `Reading the source failed ${MAX_ALARM_FAILURES} times in a row; last: 503` },
    });
    expect(afterAlarmFailure({ failures: MAX_ALARM_FAILURES, status: "running", reading: false, error: "D1" }).kind).toBe("fail");
    expect(afterAlarmFailure({ failures: MAX_ALARM_FAILURES, status: "succeeded", reading: false, error: "D1" })).toEqual({ kind: "stop" });
    expect(afterAlarmFailure({ failures: MAX_ALARM_FAILURES + 3, status: null, reading: false, error: "D1" })).toEqual({ kind: "stop" });
  });
});
