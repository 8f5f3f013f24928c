import { z } from "zod";

/**
 * Run control a create request may add (CONTRACT.md, "Run control"): what
 * the batch object and the consumers apply. Pure rules, table-tested.
 */
export const FailureThreshold = z
  .object({
    max_failed_rows: z.number().int().min(0).optional(),
    max_failed_ratio: z.number().gt(0).max(1).optional(),
    min_rows: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if ((t.max_failed_rows === undefined) === (t.max_failed_ratio === undefined)) {
      ctx.addIssue({ code: "custom", path: [], message: "Give either max_failed_rows or max_failed_ratio (with min_rows)" });
    }
    if (t.min_rows !== undefined && t.max_failed_ratio === undefined) ctx.addIssue({ code: "custom", path: ["min_rows"], message: "min_rows goes with max_failed_ratio" });
  });
export type FailureThreshold = z.infer<typeof FailureThreshold>;

/** What a batch keeps of its run control; a record written before it existed reads as none. */
export const RunOptions = z.object({
  dry_run: z.boolean(),
  failure_threshold: FailureThreshold.nullable(),
});
export type RunOptions = z.infer<typeof RunOptions>;

export const NO_RUN_OPTIONS: RunOptions = { dry_run: false, failure_threshold: null };

/** Whether the failures counted so far cross the threshold: more than max_failed_rows, or a larger share than max_failed_ratio once min_rows are counted. */
export function thresholdCrossed(threshold: FailureThreshold | null, progress: { rows_processed: number; rows_failed: number }): boolean {
  if (!threshold) return false;
  if (threshold.max_failed_rows !== undefined) return progress.rows_failed > threshold.max_failed_rows;
  const minRows = threshold.min_rows ?? 1;
  return progress.rows_processed >= minRows && progress.rows_failed / progress.rows_processed > threshold.max_failed_ratio!;
}

export function thresholdFailure(threshold: FailureThreshold, progress: { rows_processed: number; rows_failed: number }) {
  const limit = threshold.max_failed_rows !== undefined ? `more than ${threshold.max_failed_rows} failed rows` : `more than ${threshold.max_failed_ratio! * 100}% of rows failed (after ${threshold.min_rows ?? 1})`;
  return { code: "failure_threshold_exceeded", message: `Stopped: ${limit}; ${progress.rows_failed} of ${progress.rows_processed} rows failed` };
}
