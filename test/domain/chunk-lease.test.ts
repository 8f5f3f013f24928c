import { describe, expect, it } from "vitest";
import { LEASE_POLICY, leaseMs, mayGrant, staleChunks, type OpenChunk } from "../../src/domain/chunk-lease";

const policy = { ...LEASE_POLICY, floorMs: 30_000, factor: 4, capMs: 900_000, maxHolders: 3, maxSends: 8, maxWaitMs: 3_600_000 };
const open = (over: Partial<OpenChunk>): OpenChunk => ({ chunkIndex: 0, sentMs: 0, sends: 1, grantedMs: null, holders: 0, ...over });

describe("leaseMs", () => {
  it("is the floor until chunks take longer than a quarter of it, then four times the slowest, up to the cap", () => {
    expect(leaseMs([], policy)).toBe(30_000);
    expect(leaseMs([1_000, 7_500], policy)).toBe(30_000);
    expect(leaseMs([1_000, 7_501], policy)).toBe(30_004);
    expect(leaseMs([60_000, 2_000], policy)).toBe(240_000);
    expect(leaseMs([600_000], policy)).toBe(900_000);
  });
});

describe("staleChunks", () => {
  const q = { nowMs: 1_000_000, leaseMs: 30_000, lastActivityMs: null };

  it("sends a granted chunk again once its lease is over, and dead-letters it after maxHolders", () => {
    const chunks = [
      open({ chunkIndex: 0, grantedMs: 1_000_000 - 30_000, holders: 1 }), // exactly the lease: still held
      open({ chunkIndex: 1, grantedMs: 1_000_000 - 30_001, holders: 1 }),
      open({ chunkIndex: 2, grantedMs: 1_000_000 - 30_001, holders: 2 }),
      open({ chunkIndex: 3, grantedMs: 1_000_000 - 30_001, holders: 3 }),
    ];
    expect(staleChunks(chunks, q, policy)).toEqual({ resend: [1, 2], deadLetter: [3] });
  });

  it("sends a chunk nobody started again only when the batch is idle, waiting longer after every send", () => {
    const sent = (sends: number, agoMs: number, chunkIndex = sends) => open({ chunkIndex, sends, sentMs: 1_000_000 - agoMs });
    expect(staleChunks([sent(1, 30_000), sent(2, 60_001, 2), sent(3, 120_000, 3)], q, policy)).toEqual({ resend: [2], deadLetter: [] });
    // The same chunks while other chunks of the batch started or finished within the lease.
    expect(staleChunks([sent(1, 30_001), sent(2, 60_001)], { ...q, lastActivityMs: 1_000_000 - 30_000 }, policy)).toEqual({ resend: [], deadLetter: [] });
    expect(staleChunks([sent(1, 30_001)], { ...q, lastActivityMs: 1_000_000 - 30_001 }, policy)).toEqual({ resend: [1], deadLetter: [] });
  });

  it("waits at most maxWaitMs, and dead-letters a chunk sent maxSends times that nobody started", () => {
    // After the 7th send the wait is 30 s × 2^6; after the 8th it would be 30 s × 2^7, over the hour.
    expect(staleChunks([open({ sends: 7, sentMs: 1_000_000 - 1_920_000 })], q, policy)).toEqual({ resend: [], deadLetter: [] });
    expect(staleChunks([open({ sends: 7, sentMs: 1_000_000 - 1_920_001 })], q, policy)).toEqual({ resend: [0], deadLetter: [] });
    expect(staleChunks([open({ sends: 8, sentMs: 1_000_000 - 3_600_000 })], q, policy)).toEqual({ resend: [], deadLetter: [] });
    expect(staleChunks([open({ sends: 8, sentMs: 1_000_000 - 3_600_001 })], q, policy)).toEqual({ resend: [], deadLetter: [0] });
  });
});

describe("mayGrant", () => {
  const q = { nowMs: 100_000, leaseMs: 30_000, holder: "b" };
  it("grants a free chunk, the holder itself, and anyone once the lease is over", () => {
    expect(mayGrant({ grantedMs: null, holder: null }, q)).toBe(true);
    expect(mayGrant({ grantedMs: 90_000, holder: "b" }, q)).toBe(true);
    expect(mayGrant({ grantedMs: 90_000, holder: "a" }, q)).toBe(false);
    expect(mayGrant({ grantedMs: 70_000, holder: "a" }, q)).toBe(false);
    expect(mayGrant({ grantedMs: 69_999, holder: "a" }, q)).toBe(true);
  });
});
