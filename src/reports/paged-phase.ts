import type { Budget } from "../domain/budget";
import { errorSummary, logEvent } from "../lib/log";
import type { Phase } from "./run-phases";

export type PagedWork<T, C> = {
  name: string;
  pageSize: number;
  /** the due items after `after` (from the start when undefined), in cursor order; one subrequest */
  fetchPage(after: C | undefined, limit: number): Promise<T[]>;
  cursorOf(item: T): C;
  /**
   * Handles one item, taking from `budget` before each subrequest; resolves
   * false when the budget cut it short (it is redone on the next run).
   */
  handle(item: T, budget: Budget): Promise<boolean>;
  /** ids for the log line of an item that failed */
  describe(item: T): Record<string, unknown>;
};

/**
 * A phase that walks due items page by page with a keyset cursor, one item
 * per step. An item that throws is logged and skipped until the next run,
 * so one stuck item never blocks the ones after it.
 */
export function pagedPhase<T, C>(work: PagedWork<T, C>): Phase {
  const queue: T[] = [];
  let cursor: C | undefined;
  let drained = false;
  return {
    name: work.name,
    async step(budget) {
      if (queue.length === 0) {
        if (drained || !budget.take(1)) return !drained;
        const page = await work.fetchPage(cursor, work.pageSize);
        drained = page.length < work.pageSize;
        if (page.length > 0) cursor = work.cursorOf(page.at(-1)!);
        queue.push(...page);
        return queue.length > 0 || !drained;
      }
      const item = queue[0]!;
      try {
        if (!(await work.handle(item, budget))) return true;
      } catch (e) {
        logEvent("retention.step_failed", { phase: work.name, ...work.describe(item), error: errorSummary(e) });
      }
      queue.shift();
      return queue.length > 0 || !drained;
    },
  };
}
