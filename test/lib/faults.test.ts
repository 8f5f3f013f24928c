import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { failSometimes, faultPlan, faultyD1, InjectedFault } from "../../src/lib/faults";

describe("fault injection", () => {
  it("is off unless FAULT_INJECTION is set, and parses shares", () => {
    expect(faultPlan({ ENVIRONMENT: "development" })).toBeNull();
    expect(faultPlan({ ENVIRONMENT: "development", FAULT_INJECTION: "consumer_throw=0.1, redeliver=0.5" })).toEqual({ consumer_throw: 0.1, d1_fail: 0, redeliver: 0.5 });
  });

  it("is refused in production, and ignored when malformed", () => {
    expect(faultPlan({ ENVIRONMENT: "production", FAULT_INJECTION: "consumer_throw=1" })).toBeNull();
    expect(faultPlan({ ENVIRONMENT: "development", FAULT_INJECTION: "consumer_throw=2" })).toBeNull();
    expect(faultPlan({ ENVIRONMENT: "development", FAULT_INJECTION: "explode=0.1" })).toBeNull();
  });

  it("fails with the given share", () => {
    expect(() => failSometimes(0.5, "here", () => 0.49)).toThrow(InjectedFault);
    expect(() => failSometimes(0.5, "here", () => 0.5)).not.toThrow();
    expect(() => failSometimes(0, "here", () => 0)).not.toThrow();
  });

  it("fails real D1 round trips, statements and batches alike", async () => {
    const broken = faultyD1(env.DB, 1);
    await expect(broken.prepare("SELECT 1 AS n").first()).rejects.toThrow(InjectedFault);
    await expect(broken.batch([broken.prepare("SELECT 1")])).rejects.toThrow(InjectedFault);
    expect(await faultyD1(env.DB, 0).prepare("SELECT 1 AS n").first()).toEqual({ n: 1 });
  });
});
