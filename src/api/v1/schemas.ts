import { z } from "@hono/zod-openapi";
import { operationFor } from "../../operations/registry";
import { ROW_MAX_BYTES } from "../../domain/row-limits";
import { INLINE_MAX_ROWS, OperationKind } from "../batches/schemas";

/** A payload is a row of the batch and is kept as its run (one D1 value): at most the contract's 1 MiB row. */
const PAYLOAD_MAX_BYTES = ROW_MAX_BYTES;

/** The longest dedup window: 30 days. */
const MAX_DEDUP_WINDOW_SECS = 30 * 86_400;

export const CreateJobBody = z
  .object({
    name: z.string().min(1).max(200),
    operation: OperationKind,
    params: z.record(z.string(), z.unknown()).default({}),
    dedup_window_secs: z.number().int().min(0).max(MAX_DEDUP_WINDOW_SECS).default(0).openapi({
      description: "A payload equal (as canonical JSON) to one triggered on this job within this many seconds creates no run; 0 turns deduplication off",
    }),
  })
  .superRefine((body, ctx) => {
    const parsed = operationFor(body.operation).params.safeParse(body.params);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["params", ...issue.path.map(String)], message: issue.message });
  })
  .openapi("CreateJobRequest");

export const Job = z
  .object({
    id: z.string().openapi({ example: "job_8d2..." }),
    project_id: z.string(),
    name: z.string(),
    operation: OperationKind,
    params: z.record(z.string(), z.unknown()),
    dedup_window_secs: z.number().int(),
    created_by: z.string(),
    created_at: z.string(),
  })
  .openapi("Job");

const payloadBytes = (payload: unknown) => new TextEncoder().encode(JSON.stringify(payload)).byteLength;

export const TriggerBulkBody = z
  .object({
    items: z
      .array(
        z.object({
          payload: z
            .record(z.string(), z.unknown())
            .refine((p) => payloadBytes(p) <= PAYLOAD_MAX_BYTES, `A payload may be at most ${PAYLOAD_MAX_BYTES} bytes as JSON`),
        }),
      )
      .min(1, "A bulk trigger holds at least 1 item")
      .max(INLINE_MAX_ROWS, `A bulk trigger holds at most ${INLINE_MAX_ROWS} items`)
      .openapi({ description: `1 to ${INLINE_MAX_ROWS} items; each payload at most ${PAYLOAD_MAX_BYTES} bytes as JSON` }),
  })
  .openapi("TriggerBulkRequest");

export const TriggerBulkHeaders = z.object({
  "idempotency-key": z.string().min(1).max(255).optional().openapi({
    description:
      "Optional. The same key with the same job and items answers again with the same batch operation and runs (200) and creates nothing; with another job or other items, 409. Without it every request is a new trigger.",
    example: "9a4f0c2e-...",
  }),
});

export const BatchOperation = z
  .object({
    id: z.string().openapi({ description: "Also the id of the v2 batch that runs the items" }),
    project_id: z.string(),
    job_id: z.string(),
    item_count: z.number().int().openapi({ description: "Items submitted" }),
    created_count: z.number().int().openapi({ description: "Runs created: items that were not duplicates" }),
    created_by: z.string(),
    created_at: z.string(),
    finished_at: z.string().nullable().openapi({ description: "Set once every run has ended" }),
  })
  .openapi("BatchOperation");

export const RunStatus = z.enum(["queued", "completed", "failed", "cancelled"]).openapi("RunStatus");

export const Run = z
  .object({
    id: z.string().openapi({ example: "run_4kq..." }),
    project_id: z.string(),
    job_id: z.string(),
    batch_id: z.string(),
    status: RunStatus,
    payload: z.record(z.string(), z.unknown()),
    result: z.record(z.string(), z.unknown()).nullable(),
    errors: z.array(z.object({ code: z.string(), message: z.string(), field: z.string().optional() })).nullable(),
    created_at: z.string(),
  })
  .openapi("Run");

export const TriggerBulkResponse = z.object({ batch_operation: BatchOperation, runs: z.array(Run) }).openapi("TriggerBulkResponse");

export const ProjectQuery = z.object({ project_id: z.string().openapi({ description: "Must be the caller's project" }) });
