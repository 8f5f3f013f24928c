import { describe, expect, it } from "vitest";
import { createBudget } from "../../src/domain/budget";
import { runPhases, type Phase } from "../../src/reports/run-phases";

/** A phase with `steps` steps of `cost` subrequests each; records the order steps ran in. */
function countingPhase(name: string, steps: number, cost: number, log: string[]): Phase {
  let left = steps;
  return {
    name,
    async step(budget) {
      if (left === 0) return false;
      if (!budget.take(cost)) return true;
      left--;
      log.push(name);
      return left > 0;
    },
  };
}

describe("runPhases", () => {
  it("takes turns until every phase is done", async () => {
    const log: string[] = [];
    const result = await runPhases([countingPhase("a", 3, 1, log), countingPhase("b", 1, 1, log), countingPhase("c", 0, 1, log)], createBudget({ subrequests: 100, wallMs: 1000 }, () => 0));
    expect(log).toEqual(["a", "b", "a", "a"]);
    expect(result).toEqual({ finished: ["b", "c", "a"], budgetSpent: false });
  });

  it("stops when the budget is spent, with the unfinished phases left for the next run", async () => {
    const log: string[] = [];
    const result = await runPhases([countingPhase("a", 10, 2, log), countingPhase("b", 10, 1, log)], createBudget({ subrequests: 7, wallMs: 1000 }, () => 0));
    expect(log).toEqual(["a", "b", "a", "b"]); // a third "a" would need 8
    expect(result).toEqual({ finished: [], budgetSpent: true });
  });

  it("stops at the deadline", async () => {
    let now = 0;
    const log: string[] = [];
    const slow: Phase = { name: "slow", step: async (budget) => (budget.take(1) ? (log.push("slow"), (now += 40), true) : true) };
    const result = await runPhases([slow], createBudget({ subrequests: 1000, wallMs: 100 }, () => now));
    expect(log).toEqual(["slow", "slow", "slow"]);
    expect(result.budgetSpent).toBe(true);
  });
});
