import { describe, expect, it } from "vitest";
import { SAMPLE_BUCKETS, sampleBucket, sampleThreshold } from "../../src/domain/sampling";
import { retryDelaySeconds } from "../../src/domain/backoff";

describe("error report sampling", () => {
  it("keeps everything up to 10,000 failures", () => {
    expect(sampleThreshold(10_000)).toBeNull();
  });

  it("draws about 10,000 rows from a larger report, the same ones every time", () => {
    const total = 200_000;
    const threshold = sampleThreshold(total)!;
    let kept = 0;
    for (let n = 1; n <= total; n++) if (sampleBucket(n) < threshold) kept++;
    expect(kept).toBeGreaterThan(9_000);
    expect(kept).toBeLessThan(11_000);
    expect(sampleBucket(12345)).toBe(sampleBucket(12345));
  });

  it("puts buckets in range", () => {
    for (const n of [1, 2, 3, 1e6, 2 ** 31]) {
      expect(sampleBucket(n)).toBeGreaterThanOrEqual(0);
      expect(sampleBucket(n)).toBeLessThan(SAMPLE_BUCKETS);
    }
  });
});

describe("retry backoff", () => {
  it("grows exponentially with jitter and a cap", () => {
    expect(retryDelaySeconds(1, 0)).toBe(1);
    expect(retryDelaySeconds(3, 0.999)).toBe(8);
    expect(retryDelaySeconds(4, 0)).toBe(8);
    expect(retryDelaySeconds(30, 0.999)).toBeLessThanOrEqual(300);
  });
});
