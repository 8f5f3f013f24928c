import { describe, expect, it } from "vitest";
import { createBudget } from "../../src/domain/budget";

describe("budget", () => {
  it("grants subrequests up to the limit, then refuses everything", () => {
    const budget = createBudget({ subrequests: 5, wallMs: 1000 }, () => 0);
    expect([budget.take(2), budget.take(3)]).toEqual([true, true]);
    expect(budget.exhausted).toBe(false);
    expect(budget.take(1)).toBe(false);
    expect(budget.exhausted).toBe(true);
    expect(budget.take(0)).toBe(false);
    expect(budget.spent).toBe(5);
  });

  it("refuses a step that does not fit even when a smaller one would", () => {
    const budget = createBudget({ subrequests: 5, wallMs: 1000 }, () => 0);
    expect(budget.take(4)).toBe(true);
    expect(budget.take(2)).toBe(false);
    expect(budget.take(1)).toBe(false);
  });

  it("refuses once the clock reaches the deadline", () => {
    let now = 100;
    const budget = createBudget({ subrequests: 1000, wallMs: 50 }, () => now);
    expect(budget.take(1)).toBe(true);
    now = 149;
    expect(budget.take(1)).toBe(true);
    now = 150;
    expect(budget.take(1)).toBe(false);
    expect(budget.exhausted).toBe(true);
  });
});
