import { describe, expect, it } from "vitest";
import { createTaskLimiter } from "../src/concurrency";

describe("createTaskLimiter", () => {
  it("runs at most `limit` tasks at once, all of them eventually, errors included", async () => {
    const run = createTaskLimiter(2);
    let running = 0;
    let most = 0;
    const task = (i: number) =>
      run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setImmediate(r));
        running--;
        if (i === 3) throw new Error("task 3");
        return i;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map(task));
    expect(most).toBe(2);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
  });
});
