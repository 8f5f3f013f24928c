import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BulkClient } from "./create-client";

/**
 * A batch's whole reports as files: `errors.jsonl` (every failed row),
 * `errors.csv` (the failed rows in the source's columns plus error_code,
 * error_field, error_message, row_number, ready to fix and upload again),
 * `result.jsonl` (every succeeded row's result).
 */
export type ReportFile = "errors.jsonl" | "errors.csv" | "result.jsonl";

/** The report's bytes as they arrive (streamed: reports can be large). Throws BulkApiError on non-2xx. */
export async function openReport(client: BulkClient, id: string, file: ReportFile, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const response = await client.fetchOk(`/v2/batch/operations/${encodeURIComponent(id)}/${file}`, { signal });
  return response.body ?? new ReadableStream({ start: (c) => c.close() });
}

/**
 * Saves the report to `path`, streamed to disk. Written to a temporary name
 * first, so `path` never holds half a report.
 */
export async function saveReport(client: BulkClient, id: string, file: ReportFile, path: string, signal?: AbortSignal): Promise<void> {
  const body = await openReport(client, id, file, signal);
  const partial = `${path}.partial`;
  try {
    await pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>), createWriteStream(partial));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
