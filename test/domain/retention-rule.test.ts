import { describe, expect, it } from "vitest";
import { RETENTION_GRACE_MS, retentionCutoffs } from "../../src/domain/retention-rule";

describe("retention rule", () => {
  const now = new Date(Date.UTC(2026, 10, 25, 12, 0, 0));

  it("makes results due the retention plus the grace after the batch completed", () => {
    const { batchesCompletedBefore } = retentionCutoffs(now, 30);
    expect(batchesCompletedBefore).toBe(new Date(now.getTime() - 30 * 86_400_000 - RETENTION_GRACE_MS).toISOString());
    expect(retentionCutoffs(now, 1).batchesCompletedBefore).toBe("2026-11-24T11:00:00.000Z");
  });

  it("makes retired source objects and pending batches due one grace period after the event", () => {
    expect(retentionCutoffs(now, 30)).toMatchObject({ objectsRetiredBefore: "2026-11-25T11:00:00.000Z", pendingCreatedBefore: "2026-11-25T11:00:00.000Z" });
  });
});
