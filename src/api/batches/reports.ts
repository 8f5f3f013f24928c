import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { openDb } from "../../db/client";
import { pageRowResults } from "../../db/row-results";
import { sampleThreshold } from "../../domain/sampling";
import type { AppEnv } from "../../env";
import { errorReportKey } from "../../reports/keys";
import { streamJsonl } from "../../reports/jsonl-stream";
import { rowRef } from "../../reports/row-ref";
import { downloadHeaders } from "../http/download";
import { onValidationFailure } from "../http/errors";
import { loadReportBatch } from "./load-batch";
import { decodeRowCursor, rowPageOf } from "../http/paging";
import { bearerSecurity, json, pick } from "../http/responses";
import { BatchErrorReport, BatchIdParam, BatchResultPage, PageQuery } from "./schemas";

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
  const rows = await pageRowResults(openDb(c.env.DB), {
    batchId: id,
    status: "failed",
    afterRow: decodeRowCursor(cursor),
    limit: limit + 1,
    belowBucket: threshold,
  });
  const { page, next_cursor } = rowPageOf(rows, limit);
  return c.json(
    {
      batch_id: id,
      total_failed: record.progress.rows_failed,
      errors: page.map((r) => ({ ...rowRef(r), errors: JSON.parse(r.body) })),
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
  const rows = await pageRowResults(openDb(c.env.DB), {
    batchId: id,
    status: "succeeded",
    afterRow: decodeRowCursor(cursor),
    limit: limit + 1,
  });
  const { page, next_cursor } = rowPageOf(rows, limit);
  return c.json({ batch_id: id, results: page.map((r) => ({ ...rowRef(r), result: JSON.parse(r.body) })), next_cursor }, 200);
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
reportRoutes.get("/:id/errors.jsonl", async (c) => {
  const id = c.req.param("id");
  const { stub } = await loadReportBatch(c, id);
  const chunks = await stub.errorReportChunks();
  const bucket = c.env.BUCKET;
  return jsonlResponse(c, id, "errors", async function* () {
    for (const index of chunks) {
      const object = await bucket.get(errorReportKey(id, index));
      if (object) yield await object.text();
    }
  });
});

const resultFile = createRoute({
  method: "get",
  path: "/{id}/result.jsonl",
  summary: "Download every succeeded row's result as JSONL",
  security: bearerSecurity,
  request: { params: BatchIdParam },
  responses: { 200: jsonl("One result item per line, in row order"), ...pick(401, 404) },
});

reportRoutes.openAPIRegistry.registerPath(resultFile);
reportRoutes.get("/:id/result.jsonl", async (c) => {
  const id = c.req.param("id");
  await loadReportBatch(c, id);
  const db = openDb(c.env.DB);
  return jsonlResponse(c, id, "result", async function* () {
    for (let afterRow = 0; ; ) {
      const page = await pageRowResults(db, { batchId: id, status: "succeeded", afterRow, limit: 1000 });
      if (page.length === 0) return;
      // The stored body is already JSON: splice it in rather than parse and re-serialize it.
      yield page.map((r) => `${JSON.stringify(rowRef(r)).slice(0, -1)},"result":${r.body}}\n`).join("");
      afterRow = page.at(-1)!.rowNumber;
    }
  });
});

function jsonlResponse(c: Context<AppEnv>, batchId: string, name: string, parts: () => AsyncGenerator<string>) {
  return c.body(streamJsonl(parts()), 200, downloadHeaders("application/x-ndjson", `${batchId}-${name}.jsonl`));
}
