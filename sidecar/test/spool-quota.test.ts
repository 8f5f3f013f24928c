import { describe, expect, it } from "vitest";
import { SpoolQuota } from "../src/spool-quota";

describe("SpoolQuota", () => {
  it("holds each credential to its share, and gives bytes back on release", () => {
    const quota = new SpoolQuota({ spoolBytes: 1000, spoolBytesPerCredential: 400 });
    expect(quota.reserve("a", 300)).toBeNull();
    expect(quota.reserve("a", 101)).toMatchObject({ reason: "credential_full", message: expect.stringContaining("quota exceeded") });
    expect(quota.reserve("a", 100)).toBeNull();
    quota.release("a", 250);
    expect(quota.used("a")).toBe(150);
    expect(quota.reserve("a", 250)).toBeNull();
  });

  it("holds everyone together to the total; a refused reservation takes nothing", () => {
    const quota = new SpoolQuota({ spoolBytes: 1000, spoolBytesPerCredential: 400 });
    for (const id of ["a", "b"]) expect(quota.reserve(id, 400)).toBeNull();
    expect(quota.reserve("c", 201)).toEqual({ reason: "spool_full", message: "quota exceeded: the server's upload space is full; try again later" });
    expect(quota.used("c")).toBe(0);
    expect(quota.used()).toBe(800);
    quota.release("a", 400);
    expect(quota.reserve("c", 201)).toBeNull();
    expect(quota.used()).toBe(601);
  });
});
