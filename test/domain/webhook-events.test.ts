import { describe, expect, it } from "vitest";
import { BATCH_STATUSES } from "../../src/domain/batch-state";
import { deliveryRetryDelaySeconds, eventOfTransition, MAX_DELIVERY_ATTEMPTS, PROGRESS_EVENT_INTERVAL_MS, progressEventDue } from "../../src/domain/webhook-events";

describe("webhook events of a batch", () => {
  it("starts on accepted → running, pauses and resumes, completes on any terminal status, and says nothing otherwise", () => {
    expect(eventOfTransition("accepted", "running")).toBe("batch.started");
    for (const to of ["succeeded", "partially_failed", "failed", "cancelled"] as const) {
      expect(eventOfTransition("running", to)).toBe("batch.completed");
      expect(eventOfTransition("accepted", to)).toBe("batch.completed");
    }
    for (const s of BATCH_STATUSES) expect(eventOfTransition(s, s)).toBeNull();
    expect(eventOfTransition("running", "paused")).toBe("batch.paused");
    expect(eventOfTransition("paused", "running")).toBe("batch.resumed");
    expect(eventOfTransition("paused", "cancelled")).toBe("batch.completed");
  });

  it("makes a progress event at most once per interval", () => {
    expect(progressEventDue(null, 1_000)).toBe(true);
    expect(progressEventDue(1_000, 1_000 + PROGRESS_EVENT_INTERVAL_MS - 1)).toBe(false);
    expect(progressEventDue(1_000, 1_000 + PROGRESS_EVENT_INTERVAL_MS)).toBe(true);
  });

  it("retries a delivery after the base, doubling, in whole seconds", () => {
    expect([1, 2, 3, 4].map((a) => deliveryRetryDelaySeconds(a, 5000))).toEqual([5, 10, 20, 40]);
    expect(deliveryRetryDelaySeconds(MAX_DELIVERY_ATTEMPTS - 1, 5000)).toBe(320);
    expect(deliveryRetryDelaySeconds(1, 100)).toBe(0);
  });
});
