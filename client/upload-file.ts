import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { dataOf, type BulkClient } from "./create-client";
import { BulkApiError } from "./errors";
import { formatOfPath } from "./file-format";
import type { SourceFormat, Upload } from "./types";

export type UploadProgress = { sentBytes: number; totalBytes: number };

export type UploadFileOptions = {
  /** Defaults to the file's extension (.csv, .jsonl). */
  format?: SourceFormat;
  /** Called as bytes leave for the server (read from disk as the request pulls them). */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
};

/**
 * Uploads a file from disk: `POST /v2/uploads`, then one `PUT` of its bytes
 * to the signed `upload_url`. The file is streamed, never held in memory,
 * so its size is bounded by the API's limit (50 GB), not by this process.
 * Returns the upload, whose `source` goes into a batch.
 */
export async function uploadFile(client: BulkClient, path: string, options: UploadFileOptions = {}): Promise<Upload> {
  const format = options.format ?? formatOfPath(path);
  if (!format) throw new Error(`${path}: unknown format (name it .csv or .jsonl)`);
  const totalBytes = (await stat(path)).size;
  if (totalBytes === 0) throw new Error(`${path}: the file is empty`);
  // The declared length lets the server refuse a PUT that does not match it.
  const upload = dataOf(await client.api.POST("/v2/uploads", { body: { format, content_length: totalBytes }, signal: options.signal }));

  let sentBytes = 0;
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      sentBytes += chunk.byteLength;
      options.onProgress?.({ sentBytes, totalBytes });
      controller.enqueue(chunk);
    },
  });
  const body = (Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>).pipeThrough(counted);
  // No Authorization header: the URL is signed, and may point at storage rather than the API.
  const headers = { ...upload.upload_headers, "Content-Length": String(totalBytes), "Content-Type": format === "csv" ? "text/csv" : "application/x-ndjson" };
  const response = await client.send(new Request(upload.upload_url, { method: "PUT", headers, body, duplex: "half", signal: options.signal } as RequestInit));
  if (!response.ok) throw await BulkApiError.fromResponse(response);
  await response.body?.cancel();
  return upload;
}
