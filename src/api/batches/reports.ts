import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { sampleThreshold } from "../../domain/sampling";
import type { AppEnv } from "../../env";
import { streamParts } from "../../reports/stream-parts";
import { rowRef } from "../../reports/row-ref";
import { configOf } from "../../config";
import type { SectionKind } from "../../db/chunk-results";
import { downloadSegments, type Segment } from "../../results/download";
import { errorsCsvColumns, errorsCsvText, unionOfKeys } from "../../results/errors-csv";
import { firstRows, storedRows } from "../../results/read-rows";
import { resultStoresOf } from "../../results/stores";
import { downloadHeaders } from "../http/download";
import { onValidationFailure } from "../http/errors";
import { loadReportBatch } from "./load-batch";
import { decodeRowCursor, rowPageOf } from "../http/paging";
import { bearerSecurity, json, pick } from "../http/responses";
import { BatchErrorReport, BatchIdParam, BatchResultPage, PageQuery } from "./schemas";

// Bodies are stored as the operation returned them, already checked against these shapes.
type ErrorRow = z.infer<typeof BatchErrorReport>["errors"][number];
type ResultRow = z.infer<typeof BatchResultPage>["results"][number];

export const reportRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const jsonl = (description: string) => ({ description, content: { "application/x-ndjson": { schema: z.string() } } });

const errors = createRoute({
  method: "get",
  path: "/{id}/errors",
  summary: "Page through failed rows",
  description: `In row order. Past 10,000 failures the pages hold a uniform sample of about 10,000 rows (sampled: true); errors_url has them all.`,
  security: bearerSecurity,
  request: { params: BatchIdParam, query: PageQuery },
  responses: { 200: json(BatchErrorReport, "A page of the error report"), ...pick(401, 404, 422) },
});

reportRoutes.openapi(errors, async (c) => {
  const { id } = c.req.valid("param");
  const { cursor, limit } = c.req.valid("query");
  const { record } = await loadReportBatch(c, id);
  const threshold = sampleThreshold(record.progress.rows_failed);
  const rows = await firstRows(storedRows(resultStoresOf(c.env), { batchId: id, kind: "errors", afterRow: decodeRowCursor(cursor), belowBucket: threshold }), limit + 1);
  const { page, next_cursor } = rowPageOf(rows, limit);
  return c.json(
    {
      batch_id: id,
      total_failed: record.progress.rows_failed,
      errors: page.map((r) => ({ ...rowRef(r), errors: r.body as ErrorRow["errors"] })),
      sampled: threshold !== null,
      next_cursor,
    },
    200,
  );
});

const result = createRoute({
  method: "get",
  path: "/{id}/result",
  summary: "Page through succeeded rows and their results",
  security: bearerSecurity,
  request: { params: BatchIdParam, query: PageQuery },
  responses: { 200: json(BatchResultPage, "A page of results, in row order"), ...pick(401, 404, 422) },
});

reportRoutes.openapi(result, async (c) => {
  const { id } = c.req.valid("param");
  const { cursor, limit } = c.req.valid("query");
  await loadReportBatch(c, id);
  const rows = await firstRows(storedRows(resultStoresOf(c.env), { batchId: id, kind: "results", afterRow: decodeRowCursor(cursor) }), limit + 1);
  const { page, next_cursor } = rowPageOf(rows, limit);
  return c.json({ batch_id: id, results: page.map((r) => ({ ...rowRef(r), result: r.body as ResultRow["result"] })), next_cursor }, 200);
});

const errorsFile = createRoute({
  method: "get",
  path: "/{id}/errors.jsonl",
  summary: "Download every failed row as JSONL",
  security: bearerSecurity,
  request: { params: BatchIdParam },
  responses: { 200: jsonl("One BatchErrorRow per line, in row order"), ...pick(401, 404) },
});

// Streams are outside the typed-JSON handler contract: document the route, serve it plainly.
reportRoutes.openAPIRegistry.registerPath(errorsFile);
reportRoutes.get("/:id/errors.jsonl", (c) => download(c, "errors"));

const resultFile = createRoute({
  method: "get",
  path: "/{id}/result.jsonl",
  summary: "Download every succeeded row's result as JSONL",
  security: bearerSecurity,
  request: { params: BatchIdParam },
  responses: { 200: jsonl("One result item per line, in row order"), ...pick(401, 404) },
});

reportRoutes.openAPIRegistry.registerPath(resultFile);
reportRoutes.get("/:id/result.jsonl", (c) => download(c, "results"));

const errorsCsv = createRoute({
  method: "get",
  path: "/{id}/errors.csv",
  summary: "Download the failed rows as CSV, to fix and upload again",
  description:
    "The source's own columns (a CSV source: its header; JSONL and inline: the failed rows' keys, at most 1,000, first seen first), then error_code, error_field, error_message and row_number; several errors of a row are joined with \"; \". Cells starting with =, +, -, @, tab or carriage return are prefixed with ' (CSV injection).",
  security: bearerSecurity,
  request: { params: BatchIdParam },
  responses: { 200: { description: "One record per failed row, in row order, after a header record", content: { "text/csv": { schema: z.string() } } }, ...pick(401, 404, 410) },
});

reportRoutes.openAPIRegistry.registerPath(errorsCsv);
reportRoutes.get("/:id/errors.csv", async (c) => {
  const id = c.req.param("id");
  const { stub } = await loadReportBatch(c, id);
  // Each segment is read twice at most (keys, then records): half the sections a JSONL segment has keeps each invocation within its subrequests.
  const segments = await downloadSegments(c.env.DB, id, "errors", Math.max(1, Math.floor(configOf(c.env).DOWNLOAD_SECTIONS_PER_CALL / 2)));
  async function* parts() {
    const columns = errorsCsvColumns((await stub.sourceColumns()) ?? (await keyColumns(segments, (s) => stub.failedRowKeys(s))));
    yield errorsCsvText([columns]);
    for (const segment of segments) yield* await stub.errorsCsvSegment(segment, columns);
  }
  return c.body(streamParts(parts()), 200, downloadHeaders("text/csv", `${id}-errors.csv`));
});

/** The failed rows' keys over every segment, a segment at a time. */
async function keyColumns(segments: Segment[], keysOf: (segment: Segment) => Promise<string[]>): Promise<string[]> {
  const keys = new Set<string>();
  for (const segment of segments) unionOfKeys([await keysOf(segment)], keys);
  return [...keys];
}

/**
 * A whole report as JSONL, streamed a segment at a time: each segment is
 * read by the batch's Durable Object in its own invocation, so no one
 * invocation makes more subrequests than Workers allow, whatever the
 * batch's size (src/results/download.ts).
 */
async function download(c: Context<AppEnv>, kind: SectionKind) {
  const id = c.req.param("id")!;
  const { stub } = await loadReportBatch(c, id);
  const segments = await downloadSegments(c.env.DB, id, kind, configOf(c.env).DOWNLOAD_SECTIONS_PER_CALL);
  async function* parts() {
    for (const segment of segments) {
      const stream = await stub.downloadSegment(kind, segment);
      for await (const bytes of stream) yield bytes;
    }
  }
  const name = kind === "results" ? "result" : "errors";
  return c.body(streamParts(parts()), 200, downloadHeaders("application/x-ndjson", `${id}-${name}.jsonl`));
}
