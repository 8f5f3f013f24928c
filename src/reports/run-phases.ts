import type { Budget } from "../domain/budget";

/** One kind of work the retention job does, a bounded step at a time. */
export type Phase = {
  name: string;
  /**
   * Does one step within `budget` (taking from it before each subrequest);
   * resolves whether more may be due. A step the budget cuts short leaves
   * its work for the next run: every step is safe to redo.
   */
  step(budget: Budget): Promise<boolean>;
};

/**
 * Runs the phases in turn, one step each, until every phase has nothing
 * more due or the budget is spent; turns keep one backlog from starving the
 * others. Resolves the names of the phases that finished.
 */
export async function runPhases(phases: readonly Phase[], budget: Budget): Promise<{ finished: string[]; budgetSpent: boolean }> {
  let active = [...phases];
  const finished: string[] = [];
  while (active.length > 0 && !budget.exhausted) {
    for (const phase of active) {
      if (budget.exhausted) break;
      if (!(await phase.step(budget))) finished.push(phase.name);
    }
    active = active.filter((p) => !finished.includes(p.name));
  }
  return { finished, budgetSpent: active.length > 0 };
}
