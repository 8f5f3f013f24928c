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

/** A mapping rides in every chunk message, so it is kept small: at most this many bytes of JSON. */
export const MAPPING_MAX_BYTES = 8_000;

/** Source keys renamed before validation: `{"Email Address": "email"}`; unmapped keys pass unchanged. */
export const Mapping = z
  .record(z.string().min(1).max(256), z.string().min(1).max(256))
  .refine((m) => Object.keys(m).length > 0, "A mapping renames at least one key")
  .refine((m) => new TextEncoder().encode(JSON.stringify(m)).byteLength <= MAPPING_MAX_BYTES, `A mapping is at most ${MAPPING_MAX_BYTES} bytes of JSON`);
export type Mapping = z.infer<typeof Mapping>;

/** A throttle's rate: rows per second, averaged over the run; fractions allowed (0.5 = a row every 2 s). */
export const MaxRowsPerSecond = z.number().positive().max(1_000_000);

/** What a batch keeps of its run control; a record written before it existed reads as none. */
export const RunOptions = z.object({
  dry_run: z.boolean(),
  failure_threshold: FailureThreshold.nullable(),
  mapping: Mapping.nullable().default(null),
  max_rows_per_second: MaxRowsPerSecond.nullable().default(null),
});
export type RunOptions = z.infer<typeof RunOptions>;

/** Run control as a request gives it: options added later may be absent, so an older request's hash (its Idempotency-Key) is unchanged. */
export type RunRequest = z.input<typeof RunOptions>;

export const NO_RUN_OPTIONS: RunOptions = { dry_run: false, failure_threshold: null, mapping: null, max_rows_per_second: null };

/**
 * A row with its keys renamed by the mapping, in the row's own key order; a
 * renamed key takes the place of an unmapped key of the same name. Values
 * that are not objects pass unchanged (validation reports them).
 */
export function applyMapping(row: unknown, mapping: Mapping | null): unknown {
  if (!mapping || row === null || typeof row !== "object" || Array.isArray(row)) return row;
  const out: Record<string, unknown> = {};
  const renamed = new Set(Object.keys(row).filter((k) => k in mapping).map((k) => mapping[k]!));
  for (const [key, value] of Object.entries(row)) {
    if (key in mapping) out[mapping[key]!] = value;
    else if (!renamed.has(key)) out[key] = value;
  }
  return out;
}

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
