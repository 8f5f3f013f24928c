import { z } from "@hono/zod-openapi";
import { BATCH_STATUSES } from "../../domain/batch-state";
import { FailureThreshold, Mapping, MaxRowsPerSecond } from "../../domain/run-control";
import { OPERATION_KINDS, SURFACES } from "../../domain/vocabulary";
import { operationFor } from "../../operations/registry";
import { SourceRequest, SourceView, sourceKinds } from "../../sources/registry";

export { INLINE_MAX_ROWS } from "../../sources/kinds/inline";
export { SourceFormat } from "../../sources/source-kind";

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
      request_id: z.string().nullable(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

export const Surface = z.enum(SURFACES).openapi("Surface");
export const OperationKind = z.enum(OPERATION_KINDS).openapi("BatchOperationKind");
export const BatchStatus = z.enum(BATCH_STATUSES).openapi("BatchStatus");

/** A batch request's `source`: one schema per registered source kind (src/sources/registry.ts). */
export const BatchSource = SourceRequest.openapi("BatchSource");

/** What a Batch shows of its source: inline rows are summarized, not echoed. */
export const BatchSourceView = SourceView.openapi("BatchSourceView");

/** The source an upload hands out, for the upload routes' answer. */
export const SignedUrlSource = sourceKinds.signed_url.request;

const FailureThresholdBody = FailureThreshold.openapi("FailureThreshold", {
  description: "Stop the batch as `failed` (`failure_threshold_exceeded`) once more than max_failed_rows rows failed, or more than max_failed_ratio of them once min_rows (default 1) are counted",
  example: { max_failed_ratio: 0.2, min_rows: 100 },
});

const MappingBody = Mapping.openapi("Mapping", {
  description: "Source keys renamed before validation (CSV columns, JSON keys); unmapped keys pass unchanged. At most 8,000 bytes of JSON.",
  example: { "Email Address": "email", "Full Name": "name" },
});

const MaxRowsPerSecondBody = MaxRowsPerSecond.openapi({
  description: "Run no faster than this many rows per second on average, across every consumer (chunks of about a second's rows, each sent when its rows are paid for); replays keep it",
  example: 200,
});

export const CreateBatchBody = z
  .object({
    operation: OperationKind,
    source: BatchSource,
    params: z.record(z.string(), z.unknown()).default({}),
    dry_run: z.boolean().optional().openapi({ description: "Validate every row as a real run would and write or send nothing; valid rows' result is {dry_run: true}" }),
    failure_threshold: FailureThresholdBody.optional(),
    mapping: MappingBody.optional(),
    max_rows_per_second: MaxRowsPerSecondBody.optional(),
  })
  .superRefine((body, ctx) => {
    const parsed = operationFor(body.operation).params.safeParse(body.params);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["params", ...issue.path.map(String)], message: issue.message });
  })
  .openapi("CreateBatchRequest");

export const Progress = z
  .object({
    rows_total: z.number().int().nullable().openapi({ description: "null while the total is not yet known" }),
    rows_processed: z.number().int().openapi({ description: "always rows_succeeded + rows_failed" }),
    rows_succeeded: z.number().int(),
    rows_failed: z.number().int(),
    rows_per_second: z.number().nullable().openapi({ description: "rows counted per second since the batch started (to its end once ended); null until known" }),
    eta_seconds: z.number().int().nullable().openapi({ description: "seconds left at that rate; null while rows_total or the rate is unknown, 0 once ended" }),
  })
  .openapi("BatchProgress");

export const Batch = z
  .object({
    id: z.string().openapi({ example: "bat_5f1c..." }),
    surface: Surface,
    operation: OperationKind,
    status: BatchStatus,
    source: BatchSourceView,
    params: z.record(z.string(), z.unknown()),
    dry_run: z.boolean(),
    failure_threshold: FailureThresholdBody.nullable(),
    mapping: MappingBody.nullable(),
    max_rows_per_second: MaxRowsPerSecondBody.nullable(),
    parent_batch_id: z.string().nullable(),
    created_by: z.string().openapi({ example: "apikey:key_8f2..." }),
    created_at: z.string(),
    started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
    progress: Progress,
    failure: z.object({ code: z.string(), message: z.string() }).nullable(),
    errors_url: z.string().nullable().openapi({ description: "JSONL of every failed row; set when partially_failed or failed" }),
    result_url: z.string().nullable().openapi({ description: "JSONL of every succeeded row; set when succeeded or partially_failed" }),
    results_expire_at: z.string().nullable(),
    idempotency_key: z.string(),
  })
  .openapi("Batch");

export const BatchList = z.object({ data: z.array(Batch), next_cursor: z.string().nullable() }).openapi("BatchList");

const OriginalRowNumber = z.number().int().optional().openapi({ description: "In a replay: the row's number in the first batch of the chain" });

export const RowError = z.object({ code: z.string(), message: z.string(), field: z.string().optional() }).openapi("RowError");

export const BatchErrorReport = z
  .object({
    batch_id: z.string(),
    total_failed: z.number().int(),
    errors: z.array(z.object({ row_number: z.number().int(), original_row_number: OriginalRowNumber, source_identifier: z.string().nullable(), errors: z.array(RowError) })),
    sampled: z.boolean(),
    next_cursor: z.string().nullable(),
  })
  .openapi("BatchErrorReport");

export const BatchResultPage = z
  .object({
    batch_id: z.string(),
    results: z.array(z.object({ row_number: z.number().int(), original_row_number: OriginalRowNumber, source_identifier: z.string().nullable(), result: z.record(z.string(), z.unknown()) })),
    next_cursor: z.string().nullable(),
  })
  .openapi("BatchResultPage");

export const PageQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const BatchIdParam = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

export const Project = z.object({ id: z.string(), name: z.string() }).openapi("Project");

export const ReplayBody = z
  .object({
    only: z.enum(["failed_rows", "all_rows"]).openapi({ description: "failed_rows: exactly the rows that failed; all_rows: the whole source again" }),
  })
  .openapi("ReplayRequest");

export const BatchLink = z
  .object({ id: z.string(), parent_batch_id: z.string().nullable(), status: BatchStatus, created_at: z.string() })
  .openapi("BatchLink");

export const BatchLineage = z
  .object({
    batch_id: z.string(),
    ancestors: z.array(BatchLink).openapi({ description: "The batch this one replays, then its parent, up to the first batch" }),
    descendants: z.array(BatchLink).openapi({ description: "Every replay of this batch and of its replays, in creation order" }),
  })
  .openapi("BatchLineage");
