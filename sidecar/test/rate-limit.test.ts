import { describe, expect, it } from "vitest";
import { KeyedLimiter, LoginLimiter, takeToken } from "../src/rate-limit";

const policy = { capacity: 3, refillPerMs: 1 / 1000 }; // 3 at once, then one a second

describe("takeToken", () => {
  it("allows a burst of `capacity`, then refuses", () => {
    let bucket;
    const verdicts = [];
    for (let i = 0; i < 5; i++) {
      const r = takeToken(bucket, 0, policy);
      bucket = r.bucket;
      verdicts.push(r.allowed);
    }
    expect(verdicts).toEqual([true, true, true, false, false]);
  });

  it("refills with time, never past capacity", () => {
    let { bucket } = takeToken(undefined, 0, policy);
    ({ bucket } = takeToken(bucket, 0, policy));
    ({ bucket } = takeToken(bucket, 0, policy));
    expect(takeToken(bucket, 500, policy).allowed).toBe(false);
    expect(takeToken(bucket, 1000, policy).allowed).toBe(true);
    expect(takeToken(bucket, 1_000_000, policy).bucket.tokens).toBe(2);
  });

  it("refills nothing when the clock goes backwards", () => {
    const empty = { tokens: 0, at: 10_000 };
    expect(takeToken(empty, 0, policy).allowed).toBe(false);
  });
});

describe("KeyedLimiter", () => {
  it("keeps a bucket per key", () => {
    const limiter = new KeyedLimiter(policy);
    for (let i = 0; i < 3; i++) expect(limiter.take("a", 0)).toBe(true);
    expect(limiter.take("a", 0)).toBe(false);
    expect(limiter.take("b", 0)).toBe(true);
  });

  it("forgets keys beyond its bound, full buckets first", () => {
    const limiter = new KeyedLimiter(policy, 2);
    limiter.take("a", 0);
    limiter.take("b", 0);
    limiter.take("c", 10_000); // a and b are full again by now
    expect(limiter.size).toBeLessThanOrEqual(2);
  });
});

describe("LoginLimiter", () => {
  const limits = { perUser: 2, perAddress: 4, refillPerMinute: 1 };

  it("limits one username from many addresses", () => {
    const limiter = new LoginLimiter(limits);
    expect(limiter.take("alice", "10.0.0.1", 0)).toBe("allowed");
    expect(limiter.take("alice", "10.0.0.2", 0)).toBe("allowed");
    expect(limiter.take("alice", "10.0.0.3", 0)).toBe("user_limited");
    expect(limiter.take("ALICE", "10.0.0.4", 0)).toBe("user_limited");
  });

  it("limits one address spraying many usernames", () => {
    const limiter = new LoginLimiter(limits);
    const verdicts = ["u1", "u2", "u3", "u4", "u5"].map((u) => limiter.take(u, "10.0.0.9", 0));
    expect(verdicts).toEqual(["allowed", "allowed", "allowed", "allowed", "address_limited"]);
  });

  it("allows again once the window has refilled", () => {
    const limiter = new LoginLimiter(limits);
    limiter.take("bob", "a", 0);
    limiter.take("bob", "a", 0);
    expect(limiter.take("bob", "a", 0)).toBe("user_limited");
    expect(limiter.take("bob", "a", 60_000)).toBe("allowed");
  });
});
