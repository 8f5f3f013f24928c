import { createBudget, type Budget } from "../domain/budget";
import { retentionCutoffs } from "../domain/retention-rule";
import { configOf } from "../config";
import type { Bindings } from "../env";
import { logEvent } from "../lib/log";
import { WORKER_LIMITS } from "../lib/platform-limits";
import { purgeBatchesPhase } from "./purge-batches";
import { purgeSourcesPhase } from "./purge-sources";
import { runPhases } from "./run-phases";
import { settlePendingPhase } from "./settle-pending";

/**
 * One run's budget, within a Cron Trigger's limits
 * (https://developers.cloudflare.com/workers/platform/limits/): every D1
 * statement or batch, R2 call and Durable Object call is a subrequest, at
 * most 1000 per invocation on every plan (D1 also caps queries per
 * invocation at 1000), so a tenth is kept spare; a cron that runs more
 * often than hourly gets 30 s of CPU, and CPU time never exceeds wall time,
 * so a 25 s wall-clock budget stays inside it (and far inside the 15 min a
 * cron may last). What is left is done by the next run.
 */
export const RETENTION_BUDGET = { subrequests: WORKER_LIMITS.serviceSubrequests - 100, wallMs: WORKER_LIMITS.frequentCronCpuMs - 5_000 };

export type RetentionReport = {
  batchesPurged: string[];
  sourceObjectsDeleted: string[];
  uncreatedBatchesForgotten: string[];
  /** false when the budget ran out with work still due */
  complete: boolean;
  subrequests: number;
};

/**
 * The retention job, run by the cron: purges results and reports of batches
 * past RESULT_RETENTION_DAYS, deletes uploads and replaced SFTP files no
 * batch needs any more, and settles batches left pending by a request that
 * died, all until nothing is due or the budget is spent.
 */
export async function runRetention(env: Bindings, now: Date, budget: Budget = createBudget(RETENTION_BUDGET)): Promise<RetentionReport> {
  const cutoffs = retentionCutoffs(now, configOf(env).RESULT_RETENTION_DAYS);
  const report: RetentionReport = { batchesPurged: [], sourceObjectsDeleted: [], uncreatedBatchesForgotten: [], complete: false, subrequests: 0 };
  const { budgetSpent } = await runPhases(
    [
      settlePendingPhase(env, { createdBefore: cutoffs.pendingCreatedBefore }, (id) => report.uncreatedBatchesForgotten.push(id)),
      purgeBatchesPhase(env, { completedBefore: cutoffs.batchesCompletedBefore, now: now.toISOString() }, (id) => report.batchesPurged.push(id)),
      purgeSourcesPhase(env, { retiredBefore: cutoffs.objectsRetiredBefore }, (key) => report.sourceObjectsDeleted.push(key)),
    ],
    budget,
  );
  report.complete = !budgetSpent;
  report.subrequests = budget.spent;
  logEvent("retention.run", {
    batches_purged: report.batchesPurged.length,
    source_objects_deleted: report.sourceObjectsDeleted.length,
    uncreated_batches_forgotten: report.uncreatedBatchesForgotten.length,
    complete: report.complete,
    subrequests: report.subrequests,
  });
  return report;
}
