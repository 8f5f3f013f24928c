import type { StoredChunk } from "../db/row-results";
import { errorReportKey } from "./keys";
import { rowRef } from "./row-ref";

/** One JSONL line of an error report: the BatchErrorRow shape. */
const toErrorLine = (r: StoredChunk["failures"][number]) => JSON.stringify({ ...rowRef(r), errors: r.body });

/** Writes a chunk's failures, in row order, as one JSONL object; false when it had none. */
export async function writeChunkErrorReport(bucket: R2Bucket, batchId: string, chunkIndex: number, failures: StoredChunk["failures"]): Promise<boolean> {
  if (failures.length === 0) return false;
  const body = failures.map((f) => toErrorLine(f) + "\n").join("");
  await bucket.put(errorReportKey(batchId, chunkIndex), body, { httpMetadata: { contentType: "application/x-ndjson" } });
  return true;
}
