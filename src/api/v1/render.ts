import type { z } from "@hono/zod-openapi";
import type { BatchOperationRow, RunView } from "../../db/bulk-triggers";
import type { Outcome } from "../../results/read-rows";
import type { JobRow } from "../../db/jobs";
import type { BatchOperation, Job, Run } from "./schemas";

export const renderJob = (j: JobRow): z.infer<typeof Job> => ({
  id: j.id,
  project_id: j.projectId,
  name: j.name,
  operation: j.operation,
  params: JSON.parse(j.params),
  dedup_window_secs: j.dedupWindowSecs,
  created_by: j.createdBy,
  created_at: j.createdAt,
});

export const renderBatchOperation = (o: BatchOperationRow & { finishedAt: string | null }): z.infer<typeof BatchOperation> => ({
  id: o.id,
  project_id: o.projectId,
  job_id: o.jobId,
  item_count: o.itemCount,
  created_count: o.createdCount,
  created_by: o.createdBy,
  created_at: o.createdAt,
  finished_at: o.finishedAt,
});

/** A run's status is its row's outcome; a row that never ran in a cancelled batch is a cancelled run. */
export function renderRun(r: RunView, outcome: Outcome | undefined): z.infer<typeof Run> {
  const body = (outcome?.body ?? null) as never;
  const status = outcome?.status === "succeeded" ? "completed" : outcome?.status === "failed" ? "failed" : r.batchStatus === "cancelled" ? "cancelled" : "queued";
  return {
    id: r.id,
    project_id: r.projectId,
    job_id: r.jobId,
    batch_id: r.batchId,
    status,
    payload: JSON.parse(r.payload),
    result: status === "completed" ? body : null,
    errors: status === "failed" ? body : null,
    created_at: r.createdAt,
  };
}
